/// Faults injected into the lab, set at start (``LabOptions/faults``) or at run time
/// (``Lab/setFaults(_:)``). Random choices use a seeded generator, so one seed and one request
/// order always give the same faults.
public struct LabFaults: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Per-endpoint faults, checked in order; the first rule that fires wins.
    public var rules: [LabFaultRule] = []
    /// A Guacamole token stops working after this many authenticated requests.
    public var guacamoleTokenExpiresAfterRequests: Int?
    /// Nodes that answer `595 No route to host` (in addition to those set offline).
    public var offlineNodes: Set<String> = []
    /// After a config GET of one of these vmids, its notes change (once per vmid), so the next
    /// write with the old digest fails like a concurrent edit on a real node.
    public var digestRaceVMIDs: Set<Int> = []
    /// Extra delay on every QEMU agent call (a slow guest agent).
    public var slowAgent: Duration = .zero

    public init(seed: UInt64 = 1, rules: [LabFaultRule] = [], guacamoleTokenExpiresAfterRequests: Int? = nil,
                offlineNodes: Set<String> = [], digestRaceVMIDs: Set<Int> = [], slowAgent: Duration = .zero) {
        self.seed = seed
        self.rules = rules
        self.guacamoleTokenExpiresAfterRequests = guacamoleTokenExpiresAfterRequests
        self.offlineNodes = offlineNodes
        self.digestRaceVMIDs = digestRaceVMIDs
        self.slowAgent = slowAgent
    }
}

/// Which emulated server a fault rule applies to.
public enum LabServer: String, Sendable, Equatable, Codable {
    case proxmox, guacamole
}

public enum LabFaultKind: Sendable, Equatable {
    /// Answer with this status (500, 502, 503…) instead of running the request.
    case httpStatus(Int)
    /// Never answer; the client must time out.
    case hang
    /// Reset the TCP connection.
    case reset
    /// Run the request but cut its JSON body in half.
    case malformedJSON
    /// Answer 200 with an empty list (`{"data":[]}` on Proxmox, `{}` on Guacamole): a proxy or a
    /// token without the privilege answers like that, not with an error.
    case emptyList
    /// Run the request and send its plain body labelled `Content-Encoding: gzip`, whatever the client
    /// asked for: a client that decodes bodies fails, one that asked for no encoding reads it as sent.
    case gzipLabel
    /// Run the request, then reset the connection instead of answering: the change is made but the
    /// client cannot tell (a lost answer).
    case resetAfterApplying
}

/// One fault: requests matching `server`, `method` and the `path` glob (`*` matches anything,
/// e.g. `/api2/json/nodes/*/qemu/*/config`) get `kind` with probability `rate`, at most `limit` times.
public struct LabFaultRule: Sendable, Equatable {
    public var server: LabServer?
    public var method: String?
    public var path: String
    public var kind: LabFaultKind
    public var rate: Double
    public var limit: Int?

    public init(server: LabServer? = nil, method: String? = nil, path: String, kind: LabFaultKind, rate: Double = 1,
                limit: Int? = nil) {
        self.server = server
        self.method = method
        self.path = path
        self.kind = kind
        self.rate = rate
        self.limit = limit
    }
}
