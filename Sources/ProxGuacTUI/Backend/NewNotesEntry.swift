import ProxGuacCore

/// A credential entry typed in the Add screen for guests whose notes have none: written into each
/// guest's notes (encrypted and bound to the guest, user and cluster when a key is set) before the plan.
public struct NewNotesEntry: Sendable, Hashable, CustomStringConvertible {
    /// The guests, by cluster and vmid (`lab2/101`).
    public var guests: [GuestKey]
    public var user: String
    public var protocols: [GuestProtocol]
    /// Typed hidden; never shown, logged or described.
    public var password: Secret

    public init(guests: [GuestKey], user: String, protocols: [GuestProtocol], password: Secret) {
        self.guests = guests
        self.user = user
        self.protocols = protocols
        self.password = password
    }

    /// `rdp, ssh`, as typed: one of rdp, vnc, ssh per item; nil when empty or anything else is named.
    public static func protocols(from text: String) -> [GuestProtocol]? {
        var result: [GuestProtocol] = []
        for item in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let proto = GuestProtocol(notesName: String(item)) else { return nil }
            if !result.contains(proto) { result.append(proto) }
        }
        return result.isEmpty ? nil : result
    }

    public var description: String {
        "entry for \(user) (\(protocols.map(\.rawValue).joined(separator: ","))) in \(guests.count) guest(s), password <redacted>"
    }
}
