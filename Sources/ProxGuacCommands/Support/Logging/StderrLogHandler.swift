import Foundation
import Logging
import ProxGuacCore

/// A swift-log handler writing one line per event (text or JSON) to stderr, with every
/// known secret replaced by `<redacted>` in the message and in metadata values.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public let label: String
    public let format: LogFormat
    public let useColor: Bool
    private let redactor: SecretRedactor
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each finished line (with its newline); defaults to stderr.
    public init(
        label: String, level: Logger.Level, format: LogFormat, useColor: Bool = false,
        redactor: SecretRedactor = .shared, write: @escaping @Sendable (String) -> Void = StandardError.write
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.useColor = useColor
        self.redactor = redactor
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let message = redactor.redact(event.message.description)
        let time = Date().formatted(.iso8601)
        switch format {
        case .json:
            var members = [
                JSONMember("time", .string(time)), JSONMember("level", .string(event.level.rawValue)),
                JSONMember("label", .string(label)), JSONMember("message", .string(message)),
            ]
            if !merged.isEmpty { members.append(JSONMember("metadata", json(.dictionary(merged)))) }
            write(JSONWriter.compact(.object(members)) + "\n")
        case .text:
            let level = useColor ? TerminalStyle.levelColor(event.level, event.level.rawValue) : event.level.rawValue
            var line = "\(time) \(level) \(label): \(TerminalText.escaped(OneLine.make(message)))"
            for key in merged.keys.sorted() {
                if let value = merged[key] { line += " \(key)=\(TerminalText.escaped(OneLine.make(text(value))))" }
            }
            write(OneLine.make(line) + "\n")
        }
    }

    private func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): redactor.redact(string)
        case .stringConvertible(let convertible): redactor.redact(convertible.description)
        case .array(let items): "[" + items.map(text).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            "{" + dictionary.keys.sorted().compactMap { key in dictionary[key].map { "\(key)=\(text($0))" } }.joined(separator: ", ") + "}"
        }
    }

    private func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): .string(redactor.redact(string))
        case .stringConvertible(let convertible): .string(redactor.redact(convertible.description))
        case .array(let items): .array(items.map(json))
        case .dictionary(let dictionary):
            .object(dictionary.keys.sorted().compactMap { key in dictionary[key].map { JSONMember(key, json($0)) } })
        }
    }
}
