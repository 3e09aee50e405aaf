import Foundation

/// Parses LXC `GET /nodes/{node}/lxc/{vmid}/interfaces` (reference §6.3).
///
/// `{"data":null}` (a stopped container) gives `nil`. Newer servers send `ip-addresses` (types `inet` /
/// `inet6`); 5.0.6-5.2.5 send only `hwaddr`, `inet` and `inet6` (`addr/prefix`), used as the fallback.
public enum LXCInterfacesPayload {
    public static func parse(_ json: [UInt8]) throws(GuestPayloadError) -> [GuestInterface]? {
        try parse(json, fastPath: true)
    }

    /// `fastPath` false: `JSONDecoder` only (what `InterfacePayloadReaderTests` compares the fast path with).
    static func parse(_ json: [UInt8], fastPath: Bool) throws(GuestPayloadError) -> [GuestInterface]? {
        let decoded: [ContainerInterface]?
        if fastPath, let read = fastRead(json) {
            decoded = read
        } else {
            do {
                decoded = try JSONPayload.decodeUnwrapping([ContainerInterface]?.self, from: json, keys: ["data"])
            } catch {
                throw GuestPayloadError(payload: "LXC interfaces", reason: JSONPayload.reason(error))
            }
        }
        return decoded?.map { entry in
            let listed = entry.ipAddresses?.compactMap { $0.prefixed } ?? []
            let legacy = [entry.inet, entry.inet6].compactMap { $0 }.compactMap { PrefixedAddress(parsing: $0) }
            return GuestInterface(
                name: entry.name,
                mac: (entry.hardwareAddress ?? entry.hwaddr).flatMap { try? MACAddress($0) },
                addresses: entry.ipAddresses == nil ? legacy : listed
            )
        }
    }

    /// The interfaces read by `InterfacePayloadReader` (`.some(nil)` for `{"data":null}`); nil when the decoder must read
    /// the answer.
    private static func fastRead(_ json: [UInt8]) -> [ContainerInterface]?? {
        let items: [JSONValue]
        switch InterfacePayloadReader.unwrapped(json, keys: ["data"]) {
        case .null?: return .some(nil)
        case .array(let list)?: items = list
        default: return nil
        }
        var interfaces: [ContainerInterface] = []
        interfaces.reserveCapacity(items.count)
        for item in items {
            guard case .object(let members) = item, let name = InterfacePayloadReader.string(members, "name"),
                  let hwaddr = InterfacePayloadReader.optionalString(members, "hwaddr"),
                  let hardwareAddress = InterfacePayloadReader.optionalString(members, "hardware-address"),
                  let inet = InterfacePayloadReader.optionalString(members, "inet"),
                  let inet6 = InterfacePayloadReader.optionalString(members, "inet6"),
                  let ipAddresses = InterfacePayloadReader.optionalAddresses(members, "ip-addresses") else { return nil }
            interfaces.append(ContainerInterface(name: name, hwaddr: hwaddr, hardwareAddress: hardwareAddress,
                                                 inet: inet, inet6: inet6, ipAddresses: ipAddresses))
        }
        return .some(interfaces)
    }

    private struct ContainerInterface: Decodable {
        let name: String
        let hwaddr: String?
        let hardwareAddress: String?
        let inet: String?
        let inet6: String?
        let ipAddresses: [PayloadAddress]?

        enum CodingKeys: String, CodingKey {
            case name, hwaddr, inet, inet6
            case hardwareAddress = "hardware-address"
            case ipAddresses = "ip-addresses"
        }
    }

}
