/// A variable a connection-name template may use, e.g. `{vmname}`.
public enum TemplateVariable: String, Sendable, Hashable, CaseIterable, Codable {
    case vmname, user, proto, port, vmid, node, ip, hostname, tags, pool

    /// Other spellings accepted for compatibility with Proxmox-Guacamole-Sync.
    public static let aliases: [String: TemplateVariable] = [
        "username": .user, "protocol": .proto, "vm_id": .vmid, "vmnode": .node, "vm_node": .node,
        "vmip": .ip, "vm_ip": .ip, "host": .hostname,
    ]

    /// Looks a name up among the variables and their aliases (case-sensitive, as written in braces).
    public init?(name: String) {
        if let variable = TemplateVariable(rawValue: name) {
            self = variable
        } else if let variable = Self.aliases[name] {
            self = variable
        } else {
            return nil
        }
    }

    /// Every accepted name, canonical ones first.
    static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }
}
