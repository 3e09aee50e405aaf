import Foundation

/// Decoding helpers for Proxmox answers that may arrive with or without their envelope.
enum JSONPayload {
    /// Decodes `T` from `json`, first stepping into each of `keys` in turn as long as the top-level value is
    /// an object that has that key (so `{"data":{"result":X}}`, `{"result":X}` and `X` all work).
    static func decodeUnwrapping<T: Decodable>(_ type: T.Type, from json: [UInt8], keys: [String]) throws -> T {
        var value = try JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])
        for key in keys {
            if let object = value as? [String: Any], let inner = object[key] {
                value = inner
            }
        }
        let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// A one-line reason for a decoding failure.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context.codingPath))"
        default:
            return "not valid JSON"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
