/// Reads the agent's and the containers' interface answers (one per guest, 6,000 in a 10,000-guest sync) with
/// ``JSONParser`` instead of Foundation's `JSONDecoder`, whose generic machinery cost more than the answers' size.
///
/// Only what it reads exactly as the decoder does: UTF-8 without a byte order mark and without any escape, unique keys,
/// the expected type at every field the payloads use (other members are ignored, as the decoder ignores them),
/// prefixes written as plain integers. Anything else (an error included) gives nil, and the caller decodes the answer
/// with `JSONDecoder` as before, so an odd answer reads, or fails, exactly as it always did
/// (`InterfacePayloadReaderTests` compares both readers).
enum InterfacePayloadReader {
    /// The value found by stepping into each of `keys` that the current object has (as `JSONPayload.decodeUnwrapping`);
    /// nil when the fast path does not take the text.
    static func unwrapped(_ json: [UInt8], keys: [String]) -> JSONValue? {
        guard !json.contains(UInt8(ascii: "\\")), !json.starts(with: [0xEF, 0xBB, 0xBF]),
              let text = String(validating: json, as: UTF8.self),
              var value = try? JSONParser.parse(text) else { return nil }
        for key in keys {
            if case .object(let members) = value, let member = members.first(where: { $0.key == key }) { value = member.value }
        }
        return value
    }

    /// A field the decoder reads with `decodeIfPresent(String.self)`: `.some(nil)` when absent or null, nil for another type.
    static func optionalString(_ members: [JSONMember], _ key: String) -> String?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    /// The required `String` field `key`; nil when absent or of another type (the decoder throws there).
    static func string(_ members: [JSONMember], _ key: String) -> String? {
        guard case .string(let text)? = members.first(where: { $0.key == key })?.value else { return nil }
        return text
    }

    /// `ip-addresses` as `decodeIfPresent([PayloadAddress].self)`: `.some(nil)` when absent or null, nil for anything the
    /// fast path does not take.
    static func optionalAddresses(_ members: [JSONMember], _ key: String) -> [PayloadAddress]?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?:
            return .some(nil)
        case .array(let items)?:
            var addresses: [PayloadAddress] = []
            addresses.reserveCapacity(items.count)
            for item in items {
                guard case .object(let fields) = item, let address = string(fields, "ip-address") else { return nil }
                let prefix: Int?
                switch fields.first(where: { $0.key == "prefix" })?.value {
                case nil, .null?: prefix = nil
                case .number(let literal)?:
                    // Plain integers only ("24", "-1"): a fraction or an exponent goes to the decoder.
                    guard literal.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                          let value = Int(literal) else { return nil }
                    prefix = value
                default: return nil
                }
                addresses.append(PayloadAddress(ipAddress: address, prefix: prefix))
            }
            return .some(addresses)
        default:
            return nil
        }
    }
}
