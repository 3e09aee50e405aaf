/// A JSON object of the config at a known key path, with typed accessors that throw
/// one-line ``ConfigError``s naming the full key path. Unknown keys are rejected on creation.
/// `null` counts as absent.
struct ConfigObject {
    let file: String
    /// Dotted path of this object, "" for the document root.
    let path: String
    private let values: [String: JSONValue]

    init(_ value: JSONValue, path: String, file: String, knownKeys: [String]) throws(ConfigError) {
        self.file = file
        self.path = path
        guard case .object(let members) = value else {
            throw ConfigError(.wrongType, file: file, keyPath: path.isEmpty ? nil : path,
                              problem: "expected an object ({ ... }), found \(value.typeDescription)",
                              fix: path.isEmpty ? "the file must contain one JSON object, see config.example.json" : "write it like { \"key\": value, ... }")
        }
        // Keys starting with "//" are comments (`proxguac init` writes them).
        for member in members where !knownKeys.contains(member.key) && !member.key.hasPrefix("//") {
            let keyPath = Self.join(path, ConfigValueDisplay.key(member.key))
            if let suggestion = KeySuggestion.closest(to: member.key, among: knownKeys) {
                throw ConfigError(.unknownKey, file: file, keyPath: keyPath, problem: "unknown key",
                                  fix: "did you mean \(Self.join(path, suggestion))?")
            }
            throw ConfigError(.unknownKey, file: file, keyPath: keyPath, problem: "unknown key",
                              fix: "remove it; known keys here: \(knownKeys.joined(separator: ", "))")
        }
        var values: [String: JSONValue] = [:]
        for member in members where member.value != .null && !member.key.hasPrefix("//") { values[member.key] = member.value }
        self.values = values
    }

    func keyPath(_ key: String) -> String { Self.join(path, key) }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// The value as written, nil when absent.
    func raw(_ key: String) -> JSONValue? { values[key] }

    // MARK: errors

    func error(_ kind: ConfigError.Kind, _ key: String?, _ problem: String, fix: String) -> ConfigError {
        ConfigError(kind, file: file, keyPath: key.map(keyPath) ?? path, problem: problem, fix: fix)
    }

    func missing(_ key: String, fix: String? = nil) -> ConfigError {
        error(.missing, key, "missing", fix: fix ?? "add \"\(key)\" to \(path.isEmpty ? "the top level" : path), see config.example.json")
    }

    private func wrongType(_ key: String, _ found: JSONValue, expected: String, example: String) -> ConfigError {
        error(.wrongType, key, "expected \(expected), found \(found.typeDescription)", fix: "write it like \(example)")
    }

    // MARK: typed accessors (nil when absent)

    func string(_ key: String, example: String = "\"text\"") throws(ConfigError) -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, value, expected: "a string", example: example) }
        return text
    }

    func nonEmptyString(_ key: String, example: String = "\"text\"") throws(ConfigError) -> String? {
        guard let text = try string(key, example: example) else { return nil }
        guard !text.trimmingWhitespace().isEmpty else { throw error(.invalidValue, key, "is empty", fix: "set a value like \(example) or remove the key") }
        return text
    }

    func requiredString(_ key: String, example: String) throws(ConfigError) -> String {
        guard let text = try nonEmptyString(key, example: example) else { throw missing(key, fix: "add \"\(key)\": \(example) to \(path)") }
        return text
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, value, expected: "true or false", example: "true (no quotes)") }
        return flag
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = values[key] else { return nil }
        return try Self.integer(value, keyPath: keyPath(key), in: range, file: file)
    }

    func stringList(_ key: String, example: String = "[\"a\", \"b\"]") throws(ConfigError) -> [String]? {
        guard let items = try list(key, example: example) else { return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, !text.isEmpty else {
                throw ConfigError(.wrongType, file: file, keyPath: "\(keyPath(key))[\(index)]",
                                  problem: "expected a non-empty string, found \(item == .string("") ? "an empty string" : item.typeDescription)",
                                  fix: "write it like \(example)")
            }
            strings.append(text)
        }
        return strings
    }

    func list(_ key: String, example: String) throws(ConfigError) -> [JSONValue]? {
        guard let value = values[key] else { return nil }
        guard case .array(let items) = value else { throw wrongType(key, value, expected: "a list", example: example) }
        return items
    }

    func object(_ key: String, knownKeys: [String]) throws(ConfigError) -> ConfigObject? {
        guard let value = values[key] else { return nil }
        return try ConfigObject(value, path: keyPath(key), file: file, knownKeys: knownKeys)
    }

    // MARK: helpers

    static func integer(_ value: JSONValue, keyPath: String, in range: ClosedRange<Int>, file: String) throws(ConfigError) -> Int {
        let example = String(range.lowerBound == 0 ? 1 : range.lowerBound)
        guard case .number(let literal) = value else {
            throw ConfigError(.wrongType, file: file, keyPath: keyPath, problem: "expected a whole number, found \(value.typeDescription)",
                              fix: "write it like \(example) (no quotes)")
        }
        guard let number = Int(literal) else {
            throw ConfigError(.wrongType, file: file, keyPath: keyPath, problem: "expected a whole number, found \(literal)",
                              fix: "write it like \(example)")
        }
        guard range.contains(number) else {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\(number) is out of range",
                              fix: "use a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
