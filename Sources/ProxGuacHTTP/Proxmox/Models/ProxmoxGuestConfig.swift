/// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`: every key as text, plus typed views of what proxguac reads.
public struct ProxmoxGuestConfig: Sendable, Hashable, Decodable {
    /// All keys, values as the API returned them (numbers turned into text).
    public let values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: LenientString].self).mapValues(\.value)
    }

    /// The notes (decoded; QEMU trims trailing whitespace, LXC adds a final newline).
    public var description: String? { values["description"] }
    /// SHA-1 of the config file; send it back with every write.
    public var digest: String? { values["digest"] }
    public var tags: String? { values["tags"] }
    public var lock: String? { values["lock"] }
    /// QEMU `name` or LXC `hostname`.
    public var name: String? { values["name"] ?? values["hostname"] }
    public var ostype: String? { values["ostype"] }

    /// QEMU: whether the guest agent is enabled (`agent: 1` or `enabled=1,…`).
    public var agentEnabled: Bool {
        guard let agent = values["agent"] else { return false }
        for part in agent.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 1 { return pair[0] == "1" }
            if pair[0] == "enabled" { return pair[1] == "1" }
        }
        return false
    }

    /// `netN` lines by N.
    public var networks: [Int: String] { numbered("net") }
    /// QEMU cloud-init `ipconfigN` lines by N.
    public var ipConfigs: [Int: String] { numbered("ipconfig") }

    private func numbered(_ prefix: String) -> [Int: String] {
        var result: [Int: String] = [:]
        for (key, value) in values where key.hasPrefix(prefix) {
            if let index = Int(key.dropFirst(prefix.count)) { result[index] = value }
        }
        return result
    }
}
