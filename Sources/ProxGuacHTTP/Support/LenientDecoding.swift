import Foundation

/// A JSON scalar read as text: Proxmox is Perl, so numbers sometimes arrive as strings and strings as numbers.
struct LenientString: Decodable, Sendable, Hashable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let integer = try? container.decode(Int64.self) {
            value = String(integer)
        } else if let number = try? container.decode(Double.self) {
            value = String(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = flag ? "1" : "0"
        } else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a JSON scalar"))
        }
    }
}

extension KeyedDecodingContainer {
    /// An integer sent as a JSON number or as a numeric string; nil when missing, null or not numeric.
    func lenientInt(_ key: Key) -> Int? {
        if let integer = try? decodeIfPresent(Int.self, forKey: key) { return integer }
        if let number = try? decodeIfPresent(Double.self, forKey: key) { return Int(exactly: number.rounded()) }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int(text) }
        return nil
    }

    /// A string that may arrive as a number; nil when missing or null.
    func lenientString(_ key: Key) -> String? {
        (try? decodeIfPresent(LenientString.self, forKey: key))?.value
    }
}

/// Shared JSON coders; keys are sent exactly as the APIs name them.
enum JSONCoding {
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> Result<T, DecodingError> {
        do {
            return .success(try JSONDecoder().decode(type, from: Data(body)))
        } catch let error as DecodingError {
            return .failure(error)
        } catch {
            return .failure(.dataCorrupted(.init(codingPath: [], debugDescription: "\(error)")))
        }
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding our own plain structs of strings cannot fail; an empty body would be refused by the server.
        return (try? Array(encoder.encode(value))) ?? []
    }

    /// One line naming where decoding failed, for error messages.
    static func describe(_ error: DecodingError) -> String {
        let (context, what): (DecodingError.Context, String) =
            switch error {
            case .typeMismatch(_, let c): (c, "unexpected type")
            case .valueNotFound(_, let c): (c, "missing value")
            case .keyNotFound(let key, let c): (c, "missing key \(key.stringValue)")
            case .dataCorrupted(let c): (c, "not valid JSON")
            @unknown default: (.init(codingPath: [], debugDescription: ""), "undecodable")
            }
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? what : "\(what) at \(path)"
    }
}
