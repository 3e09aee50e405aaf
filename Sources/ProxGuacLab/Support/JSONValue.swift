import Foundation

/// A JSON document with ordered object members, so answers are written exactly as built
/// (including explicit `null`s, which both emulated products write in places).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
    }

    /// Builds an object from key/value pairs, keeping their order.
    static func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    static func obj(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { Member(key: $0.0, value: $0.1) })
    }

    /// A string map as an object (keys sorted for stable output).
    static func stringMap(_ map: [String: String]) -> JSONValue {
        .object(map.keys.sorted().map { Member(key: $0, value: .string(map[$0] ?? "")) })
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    var isNull: Bool { self == .null }

    /// Object members as a map of strings (numbers and booleans turned into strings, nulls dropped).
    var stringMapValue: [String: String]? {
        guard case .object(let members) = self else { return nil }
        var map: [String: String] = [:]
        for member in members { if let text = member.value.stringValue { map[member.key] = text } }
        return map
    }

    /// Object members with nulls kept as nil.
    var optionalStringMapValue: [String: String?]? {
        guard case .object(let members) = self else { return nil }
        var map: [String: String?] = [:]
        for member in members { map[member.key] = member.value.stringValue }
        return map
    }

    // MARK: writing

    func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number):
            out += number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)) : "null"
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(member.key, into: &out)
                out += ":"
                member.value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        let needsEscaping = text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        if !needsEscaping {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: reading

    /// Parses a JSON document; nil when it is not valid JSON.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        JSONReader.parse(bytes)
    }
}
