import Foundation

/// Parses the QEMU guest agent's `network-get-interfaces` answer (reference §6.1):
/// `{"data":{"result":[{"name","hardware-address","ip-addresses":[{"ip-address","ip-address-type","prefix"}]}]}}`.
///
/// The envelope may be given whole, without `data` (`{"result":[...]}`), or as the bare array, so it fits
/// whatever level the HTTP client unwraps. Addresses that do not parse are dropped, not fatal: one odd
/// interface must not hide the others.
public enum AgentInterfacesPayload {
    public static func parse(_ json: [UInt8]) throws(GuestPayloadError) -> [GuestInterface] {
        let decoded: [AgentInterface]
        do {
            decoded = try JSONPayload.decodeUnwrapping([AgentInterface].self, from: json, keys: ["data", "result"])
        } catch {
            throw GuestPayloadError(payload: "agent network-get-interfaces", reason: JSONPayload.reason(error))
        }
        return decoded.map { entry in
            GuestInterface(
                name: entry.name,
                mac: entry.hardwareAddress.flatMap { try? MACAddress($0) },
                addresses: (entry.ipAddresses ?? []).compactMap { $0.prefixed }
            )
        }
    }

    private struct AgentInterface: Decodable {
        let name: String
        let hardwareAddress: String?
        let ipAddresses: [PayloadAddress]?

        enum CodingKeys: String, CodingKey {
            case name
            case hardwareAddress = "hardware-address"
            case ipAddresses = "ip-addresses"
        }
    }

}
