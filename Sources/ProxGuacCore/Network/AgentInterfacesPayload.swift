import Foundation

/// Parses the QEMU guest agent's `network-get-interfaces` answer (reference §6.1):
/// `{"data":{"result":[{"name","hardware-address","ip-addresses":[{"ip-address","ip-address-type","prefix"}]}]}}`.
///
/// The envelope may be given whole, without `data` (`{"result":[...]}`), or as the bare array, so it fits
/// whatever level the HTTP client unwraps. Addresses that do not parse are dropped, not fatal: one odd
/// interface must not hide the others.
public enum AgentInterfacesPayload {
    public static func parse(_ json: [UInt8]) throws(GuestPayloadError) -> [GuestInterface] {
        try parse(json, fastPath: true)
    }

    /// `fastPath` false: `JSONDecoder` only (what `InterfacePayloadReaderTests` compares the fast path with).
    static func parse(_ json: [UInt8], fastPath: Bool) throws(GuestPayloadError) -> [GuestInterface] {
        let decoded: [AgentInterface]
        if fastPath, let read = fastRead(json) {
            decoded = read
        } else {
            do {
                decoded = try JSONPayload.decodeUnwrapping([AgentInterface].self, from: json, keys: ["data", "result"])
            } catch {
                throw GuestPayloadError(payload: "agent network-get-interfaces", reason: JSONPayload.reason(error))
            }
        }
        return decoded.map { entry in
            GuestInterface(
                name: entry.name,
                mac: entry.hardwareAddress.flatMap { try? MACAddress($0) },
                addresses: (entry.ipAddresses ?? []).compactMap { $0.prefixed }
            )
        }
    }

    /// The interfaces read by `InterfacePayloadReader`; nil when the decoder must read the answer.
    private static func fastRead(_ json: [UInt8]) -> [AgentInterface]? {
        guard case .array(let items)? = InterfacePayloadReader.unwrapped(json, keys: ["data", "result"]) else { return nil }
        var interfaces: [AgentInterface] = []
        interfaces.reserveCapacity(items.count)
        for item in items {
            guard case .object(let members) = item, let name = InterfacePayloadReader.string(members, "name"),
                  let hardwareAddress = InterfacePayloadReader.optionalString(members, "hardware-address"),
                  let ipAddresses = InterfacePayloadReader.optionalAddresses(members, "ip-addresses") else { return nil }
            interfaces.append(AgentInterface(name: name, hardwareAddress: hardwareAddress, ipAddresses: ipAddresses))
        }
        return interfaces
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
