import Foundation

/// Decoding helpers for Proxmox answers that may arrive with or without their envelope.
enum JSONPayload {
    /// Decodes `T` from `json`, first stepping into each of `keys` in turn as long as the top-level value is
    /// an object that has that key (so `{"data":{"result":X}}`, `{"result":X}` and `X` all work).
    static func decodeUnwrapping<T: Decodable>(_ type: T.Type, from json: [UInt8], keys: [String]) throws -> T {
        // One decoding pass (this runs for every agent and container answer of a sync).
        try JSONDecoder().decode(Unwrapped<T>.self, from: Data(json), configuration: keys[...]).value
    }

    /// `T`, found by stepping into each of the keys that the current object has.
    private struct Unwrapped<T: Decodable>: DecodableWithConfiguration {
        let value: T

        init(from decoder: any Decoder, configuration keys: ArraySlice<String>) throws {
            guard let key = keys.first else {
                value = try T(from: decoder)
                return
            }
            let codingKey = NamedKey(key)
            if let object = try? decoder.container(keyedBy: NamedKey.self), object.contains(codingKey) {
                value = try object.decode(Unwrapped.self, forKey: codingKey, configuration: keys.dropFirst()).value
            } else {
                value = try Unwrapped(from: decoder, configuration: keys.dropFirst()).value
            }
        }
    }

    private struct NamedKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
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
