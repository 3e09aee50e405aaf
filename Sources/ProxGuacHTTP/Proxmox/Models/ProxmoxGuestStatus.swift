/// `GET /nodes/{node}/{type}/{vmid}/status/current`: the live state (fresher than `/cluster/resources`).
public struct ProxmoxGuestStatus: Sendable, Hashable, Decodable {
    /// `running` or `stopped`.
    public let status: String
    /// QEMU run state (`running`, `paused`, …); nil for LXC.
    public let qmpStatus: String?
    public let name: String?
    /// QEMU: the config enables the guest agent (the cheap check before agent calls).
    public let agentEnabled: Bool
    public let lock: String?

    public init(status: String, qmpStatus: String? = nil, name: String? = nil, agentEnabled: Bool = false, lock: String? = nil) {
        self.status = status
        self.qmpStatus = qmpStatus
        self.name = name
        self.agentEnabled = agentEnabled
        self.lock = lock
    }

    private enum CodingKeys: String, CodingKey {
        case status, name, agent, lock
        case qmpStatus = "qmpstatus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenientString(.status) ?? "unknown"
        qmpStatus = c.lenientString(.qmpStatus)
        name = c.lenientString(.name)
        agentEnabled = c.lenientInt(.agent) == 1
        lock = c.lenientString(.lock)
    }

    public var isRunning: Bool { status == "running" }
}
