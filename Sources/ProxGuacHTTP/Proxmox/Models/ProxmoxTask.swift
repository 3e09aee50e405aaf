/// A task id: `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:` (note the trailing colon).
public struct ProxmoxUPID: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// Nil unless the text has the UPID form (prefix `UPID:` and a node).
    public init?(_ value: String) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 9, parts[0] == "UPID", !parts[1].isEmpty else { return nil }
        self.value = value
    }

    /// The node the task runs on: ask that node for its status.
    public var node: String { String(value.split(separator: ":", omittingEmptySubsequences: false)[1]) }
    public var description: String { value }
}

/// `GET /nodes/{node}/tasks/{upid}/status`.
public struct ProxmoxTaskStatus: Sendable, Hashable, Decodable {
    /// `running` or `stopped`.
    public let status: String
    /// Once stopped: `OK`, `WARNINGS: n`, or the error text.
    public let exitStatus: String?

    public init(status: String, exitStatus: String?) {
        self.status = status
        self.exitStatus = exitStatus
    }

    private enum CodingKeys: String, CodingKey {
        case status
        case exitStatus = "exitstatus"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenientString(.status) ?? "unknown"
        exitStatus = c.lenientString(.exitStatus)
    }

    public var isRunning: Bool { status == "running" }
    /// Stopped with `OK` or `WARNINGS: n`.
    public var succeeded: Bool {
        guard !isRunning, let exitStatus else { return false }
        return exitStatus == "OK" || exitStatus.hasPrefix("WARNINGS")
    }
}
