/// Where an encrypted password belongs: a guest and the entry's user (see docs/encryption.md, bound values).
public struct CredentialPlace: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var vmid: Int
    public var user: String

    public init(vmid: Int, user: String) {
        self.vmid = vmid
        self.user = user
    }

    public var description: String { "guest \(vmid) user \(TerminalText.escaped(user))" }

    public static func < (lhs: CredentialPlace, rhs: CredentialPlace) -> Bool {
        (lhs.vmid, lhs.user) < (rhs.vmid, rhs.user)
    }
}
