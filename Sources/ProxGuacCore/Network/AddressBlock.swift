/// An IPv4 or IPv6 CIDR block (`198.51.100.0/24`, `2001:db8::/32`; a bare address is a /32 or /128).
public struct AddressBlock: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = try? IPAddress(String(parts[0])) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...maximum).contains(prefix) else { return nil }
            prefixLength = prefix
        } else {
            prefixLength = maximum
        }
        self.address = address
    }

    public var description: String { "\(address)/\(prefixLength)" }

    public func contains(_ candidate: IPAddress) -> Bool {
        let (mine, theirs) = (Self.bytes(address), Self.bytes(candidate))
        guard mine.count == theirs.count else { return false }
        var remaining = prefixLength
        for index in mine.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine[index] & mask != theirs[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func bytes(_ address: IPAddress) -> [UInt8] {
        switch address {
        case .v4(let v4): v4.bytes
        case .v6(let v6): v6.bytes
        }
    }
}

/// Where a connection may point (`network.allowedTargets`): applied to a note's `host:` (every address a
/// name resolves to) and to the addresses guest agents report, since both are written by people with
/// rights on one guest only. Default: any unicast address that is not loopback, link-local, multicast,
/// unspecified, nor one of this host's own addresses (guacd may run here: that would be a pivot).
public struct TargetPolicy: Sendable, Hashable {
    /// `network.allowedTargets`; nil for the default rule.
    public var allowed: [AddressBlock]?
    /// This host's own addresses (refused by the default rule).
    public var ownAddresses: Set<IPAddress>

    public init(allowed: [AddressBlock]? = nil, ownAddresses: Set<IPAddress> = []) {
        self.allowed = allowed
        self.ownAddresses = ownAddresses
    }

    /// Why `address` may not be a target (a short phrase), or nil when it may.
    public func refusal(_ address: IPAddress) -> String? {
        if let allowed {
            return allowed.contains { $0.contains(address) } ? nil : "not in network.allowedTargets"
        }
        switch address {
        case .v4(let a):
            if a.isLoopback { return "a loopback address" }
            if a.isLinkLocal { return "a link-local address" }
            if a.isUnspecified { return "the unspecified address" }
            if a.isMulticastOrBroadcast { return "a multicast or broadcast address" }
        case .v6(let a):
            if a.isLoopback { return "a loopback address" }
            if a.isLinkLocal { return "a link-local address" }
            if a.isUnspecified { return "the unspecified address" }
            if a.isMulticast { return "a multicast address" }
            if a.bytes.prefix(10).allSatisfy({ $0 == 0 }) && a.bytes[10] == 0xFF && a.bytes[11] == 0xFF,
               let mapped = IPv4Address(parsing: Substring(a.bytes.suffix(4).map(String.init).joined(separator: "."))) {
                return refusal(.v4(mapped)).map { "an IPv4-mapped address that is \($0)" }
            }
        }
        if ownAddresses.contains(address) { return "one of this host's own addresses" }
        return nil
    }
}
