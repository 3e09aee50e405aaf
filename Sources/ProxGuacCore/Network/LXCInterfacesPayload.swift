import Foundation

/// Parses LXC `GET /nodes/{node}/lxc/{vmid}/interfaces` (reference §6.3).
///
/// `{"data":null}` (a stopped container) gives `nil`. Newer servers send `ip-addresses` (types `inet` /
/// `inet6`); 5.0.6-5.2.5 send only `hwaddr`, `inet` and `inet6` (`addr/prefix`), used as the fallback.
public enum LXCInterfacesPayload {
    public static func parse(_ json: [UInt8]) throws(GuestPayloadError) -> [GuestInterface]? {
        let decoded: [ContainerInterface]?
        do {
            decoded = try JSONPayload.decodeUnwrapping([ContainerInterface]?.self, from: json, keys: ["data"])
        } catch {
            throw GuestPayloadError(payload: "LXC interfaces", reason: JSONPayload.reason(error))
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
