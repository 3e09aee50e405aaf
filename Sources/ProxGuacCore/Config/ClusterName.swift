/// The name of a Proxmox VE cluster in the config (`proxmox[i].name`): 1–32 lowercase ASCII letters, digits
/// and `-`, starting with a letter or digit. It is part of every identity (`pve:<name>:<vmid>:…`), so the
/// admin chooses it; it is never read from Proxmox (a node joining a cluster changes nothing).
public struct ClusterName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let text: String

    /// nil when `text` is not a valid name (see ``rule``).
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    /// The rule, as shown in error messages.
    public static let rule = "1 to 32 lowercase letters, digits or '-', not starting with '-'"

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...32).contains(bytes.count), bytes[0] != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// The environment variable holding this cluster's token secret (or password, with `suffix`):
    /// `PROXGUAC_PROXMOX_TOKEN_SECRET_<NAME>`, the name upper-cased with `-` as `_`.
    public func environmentVariable(_ base: String) -> String {
        base + "_" + String(text.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    public var description: String { text }

    public static func < (lhs: ClusterName, rhs: ClusterName) -> Bool { lhs.text < rhs.text }
}
