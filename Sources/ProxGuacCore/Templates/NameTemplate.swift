/// A validated connection-name template such as `{vmname}-{user}-{proto}`.
///
/// `{name}` (letters, digits, `_`) is a variable and must be known; any other brace is literal text.
/// Rendering is single-pass: a value that itself contains `{user}` stays literal.
public struct NameTemplate: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case variable(TemplateVariable)
    }

    /// The template as written.
    public let text: String
    let segments: [Segment]

    /// The built-in default, `{user}@{vmname}-{proto}`.
    public static let standard = NameTemplate(validText: "{user}@{vmname}-{proto}")

    /// Validates `text`: unknown variables and `{password}` are refused.
    public init(_ text: String) throws(TemplateError) {
        guard !text.trimmingWhitespace().isEmpty else { throw .empty }
        self.text = text
        self.segments = try Self.segments(of: text)
    }

    private init(validText: String) {
        text = validText
        segments = (try? Self.segments(of: validText)) ?? [.literal(validText)]
    }

    public var description: String { text }

    /// The variables the template uses, in order of appearance.
    public var variables: [TemplateVariable] {
        segments.compactMap { if case let .variable(v) = $0 { v } else { nil } }
    }

    /// The connection name for one guest and protocol.
    public func render(_ variables: TemplateVariables) -> String {
        segments.map { segment in
            switch segment {
            case let .literal(text): text
            case let .variable(variable): variables.value(of: variable)
            }
        }.joined()
    }

    private static func segments(of text: String) throws(TemplateError) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let afterOpen = rest.index(after: open)
            let nameEnd = rest[afterOpen...].firstIndex { !$0.isTemplateNameCharacter } ?? rest.endIndex
            let name = String(rest[afterOpen..<nameEnd])
            guard !name.isEmpty, nameEnd < rest.endIndex, rest[nameEnd] == "}" else {
                literal.append("{")
                rest = rest[afterOpen...]
                continue
            }
            if name.lowercased() == "password" || name.lowercased() == "pass" { throw .passwordVariable }
            guard let variable = TemplateVariable(name: name) else {
                let suggestion = closestMatch(to: name, among: TemplateVariable.allNames)
                throw .unknownVariable(name: name, suggestion: suggestion)
            }
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
            segments.append(.variable(variable))
            rest = rest[rest.index(after: nameEnd)...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }
}

extension Character {
    var isTemplateNameCharacter: Bool {
        isASCII && (isLetter || isNumber || self == "_")
    }
}
