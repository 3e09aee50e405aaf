/// One `{"ip-address": …, "prefix": …}` item, as both the QEMU guest agent and the LXC
/// `interfaces` endpoint report addresses.
struct PayloadAddress: Decodable {
    let ipAddress: String
    let prefix: Int?

    enum CodingKeys: String, CodingKey {
        case ipAddress = "ip-address"
        case prefix
    }

    /// The address with its prefix (a host prefix when the payload gives none); nil when it does not parse.
    var prefixed: PrefixedAddress? {
        guard let address = try? IPAddress(ipAddress) else { return nil }
        return PrefixedAddress(address: address, prefixLength: prefix ?? (address.isIPv4 ? 32 : 128))
    }
}
