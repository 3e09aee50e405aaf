import ProxGuacCore

/// The result of checking one guest's notes, as text for people or JSON for tools. Passwords (and
/// settings that hold credentials) are always shown as `********`.
struct NotesReport {
    static let schemaVersion = 1
    static let mask = "********"

    let source: String
    let parsed: ParsedNotes
    /// Parser diagnostics and what Proxmox would refuse or alter, in text order.
    let diagnostics: [NotesDiagnostic]

    /// Whether `text` lists what the lenient reading ignored (`notes check --verbose`).
    let verbose: Bool

    init(text: String, source: String, mode: NotesReadingMode = .lenient, verbose: Bool = false,
         policy: NotesParameterPolicy = NotesParameterPolicy()) {
        self.source = source
        self.verbose = verbose
        parsed = NotesParser.parse(text, mode: mode)
        diagnostics = (parsed.diagnostics + ProxmoxDescription.warnings(for: text) + Self.refusals(parsed, policy))
            .sorted { $0.position < $1.position }
    }

    /// Parameters the notes may not set (``NotesParameterPolicy``): one error each, at the entry's start.
    static func refusals(_ parsed: ParsedNotes, _ policy: NotesParameterPolicy) -> [NotesDiagnostic] {
        parsed.entries.flatMap { entry in
            policy.refusals(in: entry).map {
                NotesDiagnostic(position: entry.location.start, severity: .error, code: .refusedParameter, message: $0)
            }
        }
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    var hasErrors: Bool { errorCount > 0 }

    // MARK: Text

    func text(color: Bool) -> String {
        var lines = ["\(source): \(count(parsed.entries.count, "entry", "entries")), "
            + "\(count(errorCount, "error", "errors")), \(count(warningCount, "warning", "warnings"))"]
        for entry in parsed.entries {
            lines += entryLines(entry)
        }
        for diagnostic in diagnostics {
            let label = diagnostic.severity.rawValue
            let shown = !color ? label : diagnostic.severity == .error ? TerminalStyle.red(label) : TerminalStyle.yellow(label)
            lines.append("\(TerminalText.escaped(source)):\(diagnostic.line):\(diagnostic.column): \(shown): "
                + TerminalText.escaped(diagnostic.message))
        }
        if verbose {
            for skipped in parsed.ignored {
                lines.append("\(source):\(skipped.line):\(skipped.column): ignored: \(skipped.message)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func entryLines(_ entry: CredentialEntry) -> [String] {
        let ports = entry.protocols.map { "\($0.rawValue):\(entry.port(for: $0))" }.joined(separator: " ")
        var lines = ["line \(entry.location.start.line): \(entry.username)  password \(Self.mask) (\(passwordKind(entry)))  "
            + "\(ports)  name \(parsed.nameTemplate(for: entry).text)"]
        let indent = "        "
        for proto in entry.protocols where !entry.parameters(for: proto).isEmpty {
            let settings = entry.parameters(for: proto).map { "\($0.name)=\(shownValue($0))" }.joined(separator: ", ")
            lines.append("\(indent)\(proto.rawValue) settings: \(settings)")
        }
        var extras: [String] = []
        if let host = entry.host { extras.append("host \(host)") }
        if let domain = entry.domain { extras.append("domain \(domain)") }
        if let group = entry.group { extras.append("group \(group)") }
        if let wakeOnLAN = entry.wakeOnLAN {
            extras.append("wake-on-LAN " + wakeOnLAN.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", "))
        }
        if entry.wakeOnLANDisabled { extras.append("wake-on-LAN disabled") }
        if !extras.isEmpty { lines.append(indent + extras.joined(separator: ", ")) }
        return lines.map(TerminalText.escaped)
    }

    private func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }

    private func passwordKind(_ entry: CredentialEntry) -> String {
        switch entry.password {
        case .plain: "plain"
        case .encrypted: "encrypted"
        case .sshKey(let name): "ssh key \(name)"
        }
    }

    private func shownValue(_ parameter: GuacamoleParameter) -> String {
        parameter.isSecret ? Self.mask : parameter.value
    }

    // MARK: JSON

    var json: JSONValue {
        .object([
            JSONMember("schemaVersion", .integer(Self.schemaVersion)),
            JSONMember("source", .string(source)),
            JSONMember("entries", .array(parsed.entries.map(entryJSON))),
            JSONMember("defaultConnectionName", optional(parsed.defaultConnectionName?.text)),
            JSONMember("diagnostics", .array(diagnostics.map(diagnosticJSON))),
            JSONMember("ignored", .array(parsed.ignored.map(diagnosticJSON))),
            JSONMember("errors", .integer(errorCount)),
            JSONMember("warnings", .integer(warningCount)),
        ])
    }

    private func entryJSON(_ entry: CredentialEntry) -> JSONValue {
        .object([
            JSONMember("line", .integer(entry.location.start.line)),
            JSONMember("column", .integer(entry.location.start.column)),
            JSONMember("username", .string(entry.username)),
            JSONMember("password", .object([
                JSONMember("kind", .string(passwordKind(entry))), JSONMember("value", .string(Self.mask)),
            ])),
            JSONMember("protocols", .array(entry.protocols.map { .string($0.rawValue) })),
            JSONMember("connections", .array(entry.protocols.map { proto in
                .object([
                    JSONMember("protocol", .string(proto.rawValue)),
                    JSONMember("port", .integer(entry.port(for: proto))),
                    JSONMember("parameters", .array(entry.parameters(for: proto).map { parameter in
                        .object([JSONMember("name", .string(parameter.name)), JSONMember("value", .string(shownValue(parameter)))])
                    })),
                ])
            })),
            JSONMember("nameTemplate", .string(parsed.nameTemplate(for: entry).text)),
            JSONMember("host", optional(entry.host)),
            JSONMember("domain", optional(entry.domain)),
            JSONMember("group", optional(entry.group)),
            JSONMember("wakeOnLAN", entry.wakeOnLAN.map { settings in
                .object([
                    JSONMember("broadcastAddress", optional(settings.broadcastAddress)),
                    JSONMember("udpPort", settings.udpPort.map(JSONValue.integer) ?? .null),
                    JSONMember("waitTimeSeconds", settings.waitTimeSeconds.map(JSONValue.integer) ?? .null),
                ])
            } ?? .null),
            JSONMember("wakeOnLANDisabled", .bool(entry.wakeOnLANDisabled)),
        ])
    }

    private func diagnosticJSON(_ diagnostic: NotesDiagnostic) -> JSONValue {
        .object([
            JSONMember("line", .integer(diagnostic.line)),
            JSONMember("column", .integer(diagnostic.column)),
            JSONMember("severity", .string(diagnostic.severity.rawValue)),
            JSONMember("code", .string(diagnostic.code.rawValue)),
            JSONMember("message", .string(diagnostic.message)),
        ])
    }

    private func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }
}
