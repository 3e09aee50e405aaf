/// A network interface as the guest sees it (QEMU agent `network-get-interfaces`, LXC `interfaces`).
public struct ProxmoxInterface: Sendable, Hashable {
    public let name: String
    /// As reported; case differs between PVE (upper) and guests (lower): compare case-insensitively.
    public let macAddress: String?
    public let addresses: [ProxmoxIPAddress]

    public init(name: String, macAddress: String?, addresses: [ProxmoxIPAddress]) {
        self.name = name
        self.macAddress = macAddress
        self.addresses = addresses
    }
}

public struct ProxmoxIPAddress: Sendable, Hashable {
    public enum Family: String, Sendable, Hashable { case ipv4, ipv6 }

    public let address: String
    public let family: Family
    public let prefix: Int?

    public init(address: String, family: Family, prefix: Int?) {
        self.address = address
        self.family = family
        self.prefix = prefix
    }
}

/// Wire shape shared by both endpoints: QEMU uses `ipv4`/`ipv6`, LXC `inet`/`inet6`; LXC before 8.4 has only
/// `hwaddr` and `inet`/`inet6` (`addr/prefix` of the last address).
struct ProxmoxInterfaceWire: Decodable {
    let interface: ProxmoxInterface

    private enum CodingKeys: String, CodingKey {
        case name, hwaddr, inet, inet6
        case hardwareAddress = "hardware-address"
        case ipAddresses = "ip-addresses"
    }

    private struct AddressWire: Decodable {
        let address: ProxmoxIPAddress?

        private enum CodingKeys: String, CodingKey {
            case address = "ip-address"
            case type = "ip-address-type"
            case prefix
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard let text = c.lenientString(.address), let family = Self.family(c.lenientString(.type), text) else {
                address = nil
                return
            }
            address = ProxmoxIPAddress(address: text, family: family, prefix: c.lenientInt(.prefix))
        }

        static func family(_ type: String?, _ address: String) -> ProxmoxIPAddress.Family? {
            switch type?.lowercased() {
            case "ipv4", "inet": .ipv4
            case "ipv6", "inet6": .ipv6
            default: address.contains(":") ? .ipv6 : address.contains(".") ? .ipv4 : nil
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let mac = c.lenientString(.hardwareAddress) ?? c.lenientString(.hwaddr)
        var addresses: [ProxmoxIPAddress]
        if let list = try c.decodeIfPresent([AddressWire].self, forKey: .ipAddresses) {
            addresses = list.compactMap(\.address)
        } else {
            addresses = []
            for (key, family) in [(CodingKeys.inet, ProxmoxIPAddress.Family.ipv4), (.inet6, .ipv6)] {
                guard let cidr = c.lenientString(key) else { continue }
                let parts = cidr.split(separator: "/", maxSplits: 1).map(String.init)
                addresses.append(ProxmoxIPAddress(address: parts[0], family: family, prefix: parts.count > 1 ? Int(parts[1]) : nil))
            }
        }
        interface = ProxmoxInterface(name: name, macAddress: mac, addresses: addresses)
    }
}
