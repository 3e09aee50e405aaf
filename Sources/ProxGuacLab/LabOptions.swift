/// How the lab runs. Defaults suit unit tests: no latency, no 401 delay, quick tasks.
public struct LabOptions: Sendable {
    /// How long every request on both servers takes, the lab's own work included (see `LabLatency`;
    /// inside the node worker slot for PVE node paths).
    public var latency: Duration = .zero
    /// At most this many requests touching one node's paths are processed at once (pvedaemon has 3 workers).
    public var nodeWorkerLimit = 3
    public var useTLS = true
    /// The certificate's subjectAltName (tests of the host name check use names that do not match 127.0.0.1).
    public var certificateNames = "IP:127.0.0.1,DNS:localhost"
    /// Guacamole `totp-period`: seconds per TOTP step (30 on a real server; tests use a short one).
    public var totpPeriod = 30
    /// "1.5.5" (PATCH remove only, 204) or "1.6.0" (atomic add/replace/remove, 200).
    public var guacamoleVersion = "1.6.0"
    /// PVE version profile: "7.4", "8.0", "8.2", "8.4" or "9.1" (error messages, agent privilege, notes quirks).
    public var proxmoxVersion = "9.1"
    public var faults = LabFaults()
    /// 0 picks a free port.
    public var proxmoxPort = 0
    public var guacamolePort = 0
    /// Guacamole `api-session-timeout`: a token unused this long stops working.
    public var guacamoleIdleTimeout: Duration = .seconds(3600)
    /// PVE ticket lifetime (2 h on a real node).
    public var proxmoxTicketLifetime: Duration = .seconds(7200)
    /// pveproxy delays every 401 by 3 s; 0 keeps tests fast.
    public var authFailureDelay: Duration = .zero
    /// How long a start/stop task runs before the guest changes state.
    public var powerTaskDuration: Duration = .milliseconds(300)
    /// How long the agent ping waits before "QEMU guest agent is not running" (3 s on a real node).
    public var agentPingTimeout: Duration = .zero
    /// An agent command slower than this fails with `… qga command '…' failed - got timeout` (5 s on PVE).
    public var agentCommandTimeout: Duration = .seconds(5)
    /// `/cluster/resources` keeps showing a guest's old state for this many calls after a power
    /// task finishes (pvestatd broadcasts only every 10 s on a real cluster).
    public var staleResourceCalls = 0
    /// How many emulated Proxmox VE clusters to run (`proxguac lab --clusters N`), each on its own port with the
    /// scenario's guests (the same vmids: identity must tell them apart). 1 is the usual single cluster.
    public var clusters = 1

    public init() {}
}
