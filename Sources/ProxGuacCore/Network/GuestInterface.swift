/// One network interface as seen from inside a guest (QEMU guest agent or LXC `interfaces`).
public struct GuestInterface: Sendable, Hashable {
    public var name: String
    /// `nil` when the guest did not report one (the field is optional in both payloads).
    public var mac: MACAddress?
    public var addresses: [PrefixedAddress]

    public init(name: String, mac: MACAddress?, addresses: [PrefixedAddress]) {
        self.name = name
        self.mac = mac
        self.addresses = addresses
    }
}

/// A guest payload that is not what Proxmox sends.
public struct GuestPayloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public let payload: String
    public let reason: String

    public init(payload: String, reason: String) {
        self.payload = payload
        self.reason = reason
    }

    public var description: String { "unexpected \(payload) answer from Proxmox: \(reason)" }
}
