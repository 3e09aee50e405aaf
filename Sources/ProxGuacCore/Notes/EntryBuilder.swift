/// Turns one chunk of `key:value` pairs into a ``CredentialEntry``, or into diagnostics saying why not.
///
/// A chunk is an entry candidate when it uses at least one entry key; other chunks are free text and
/// only get warnings for keys that look misspelled. Any error skips the entry.
struct EntryBuilder {
    let chunk: NotesChunk
    let lines: LineTable
    /// Password values of the whole notes: never echoed in a message.
    let secrets: [String]
    let mode: NotesReadingMode
    private(set) var diagnostics: [NotesDiagnostic] = []
    /// Text the lenient reading skipped without a warning (`notes check --verbose` shows it).
    private(set) var ignored: [NotesDiagnostic] = []
    private var failed = false
    /// `wol_settings:"send-packet=false"` (the original's way to turn Wake-on-LAN off).
    private var sendPacketOff = false
    /// Fields already reported as misspelled or swallowed: not reported again as missing.
    private var explained: Set<NotesField> = []

    /// Where the entry starts: its first known (or misspelled) key.
    let startOffset: Int
    private let winners: [NotesField: NotesPair]

    init(chunk: NotesChunk, lines: LineTable, secrets: [String], mode: NotesReadingMode = .lenient) {
        self.chunk = chunk
        self.lines = lines
        self.secrets = secrets
        self.mode = mode
        winners = chunk.winningPairs()
        let forgivesUnknownKeys = mode == .lenient && chunk.isCompleteWithoutUnknownKeys
        let keyed = chunk.pairs.first {
            NotesField(key: $0.key) != nil || (!forgivesUnknownKeys && $0.likelyMeant != nil)
        }
        startOffset = min(keyed?.range.lowerBound ?? Int.max, chunk.unclosedQuotes.first?.quoteOffset ?? Int.max)
    }

    var isCandidate: Bool { chunk.isEntryCandidate }

    mutating func build() -> CredentialEntry? {
        guard isCandidate else {
            reportMisspelledKeys(severity: .warning)
            return nil
        }
        reportUnclosedQuotes()
        reportSwallowedKeys()
        if mode == .lenient {
            reportRepeatedKeysLeniently()
        } else {
            reportRepeatedKeys()
        }
        if mode == .lenient, chunk.isCompleteWithoutUnknownKeys {
            reportIgnoredKeys()
        } else {
            reportMisspelledKeys(severity: .error)
        }
        if chunk.terminator == nil {
            error(.unterminatedEntry, at: startOffset, "this entry has no closing ';': end it with ';'")
        }
        let username = requiredUsername()
        let password = requiredPassword()
        let protocols = requiredProtocols()
        let ports = explicitPorts(for: protocols)
        let settings = protocolSettings(for: protocols)
        let wakeOnLAN = pair(.wolSettings).flatMap { wakeOnLANSettings($0) }
        let wakeOnLANDisabled = (pair(.wolDisabled).map { flag($0) } ?? false) || sendPacketOff
        let connectionName = pair(.connectionName).flatMap { nameTemplate($0) }
        let host = pair(.host).flatMap { validHost($0) }
        let domain = pair(.domain)?.value
        if let domainPair = pair(.domain), !protocols.contains(.rdp) {
            warning(.unusedKey, at: domainPair.range.lowerBound,
                    "'\(domainPair.key)' only applies to rdp and this entry has none; it is ignored")
        }
        if let name = password?.sshKeyName { checkSSHKeyUse(name, protocols: protocols, settings: settings) }
        guard !failed, let username, let password, !protocols.isEmpty else { return nil }
        let end = chunk.terminator.map { $0 + 1 } ?? chunk.pairs.last?.range.upperBound ?? startOffset
        return CredentialEntry(
            username: username, password: password, protocols: protocols, connectionName: connectionName,
            ports: ports, settings: settings, wakeOnLAN: wakeOnLAN, wakeOnLANDisabled: wakeOnLANDisabled,
            host: host, domain: domain, group: pair(.group)?.value, location: lines.range(startOffset..<end)
        )
    }

    // MARK: Looking up keys

    /// The winning pair for a field: the first spelling present with a non-empty value.
    func pair(_ field: NotesField) -> NotesPair? { winners[field] }

    private mutating func reportUnclosedQuotes() {
        for unclosed in chunk.unclosedQuotes {
            let hint = unclosed.quote == .double
                ? " (inside double quotes write \\\" for a quote and \\\\ for a backslash)" : ""
            error(.unterminatedQuote, at: unclosed.quoteOffset,
                  "the quote opened for '\(unclosed.key)' is not closed on this line: close it\(hint)")
        }
    }

    /// `user:"C:\" pass:"x"` reads `\"` as an escaped quote, so the value runs on into the next keys.
    private mutating func reportSwallowedKeys() {
        for pair in chunk.pairs where pair.hasEscapedQuote && NotesField(key: pair.key) != nil {
            let swallowed = pair.value.split(whereSeparator: \.isWhitespace).first { word in
                guard let colon = word.firstIndex(of: ":") else { return false }
                return NotesField(key: String(word[..<colon])) != nil
            }
            guard let swallowed, let colon = swallowed.firstIndex(of: ":") else { continue }
            NotesField(key: String(swallowed[..<colon])).map { _ = explained.insert($0) }
            error(.unterminatedQuote, at: pair.valueRange.lowerBound,
                  "the value of '\(pair.key)' runs on into '\(swallowed[..<colon]):' because \\\" is an escaped quote: "
                      + "write a backslash before a closing quote as \\\\")
        }
    }

    private mutating func reportRepeatedKeys() {
        var seen: Set<String> = []
        var seenFields: [NotesField: String] = [:]
        for pair in chunk.pairs {
            guard let field = NotesField(key: pair.key) else { continue }
            if !seen.insert(pair.key).inserted {
                error(.duplicateKey, at: pair.range.lowerBound, "'\(pair.key)' is given twice in this entry: keep one")
            } else if let first = seenFields[field] {
                warning(.conflictingAliases, at: pair.range.lowerBound,
                        "both '\(first)' and '\(pair.key)' are given: '\(self.pair(field)?.key ?? first)' is used; remove the other")
            } else {
                seenFields[field] = pair.key
            }
        }
    }

    private mutating func reportMisspelledKeys(severity: NotesDiagnostic.Severity) {
        for pair in chunk.pairs where NotesField(key: pair.key) == nil {
            // Outside entries only quoted values look intended; prose like "Cost: 5" stays quiet.
            guard severity == .error || pair.quote != .bare, let known = pair.likelyMeant else {
                continue
            }
            if severity == .error, let field = NotesField(key: known) { explained.insert(field) }
            let consequence = severity == .error ? "" : " (this text is not read as an entry)"
            add(severity, .misspelledKey, at: pair.range.lowerBound,
                "unknown key '\(shown(pair.key))': did you mean '\(known)'? Keys are case-sensitive\(consequence)")
        }
    }

    // MARK: Required fields

    private mutating func requiredUsername() -> String? {
        guard let found = pair(.username) else {
            if explained.contains(.username) { return nil }
            error(.missingUsername, at: startOffset, "this entry has no user name: add user:\"NAME\"")
            return nil
        }
        return found.value
    }

    private mutating func requiredPassword() -> PasswordSource? {
        let plain = pair(.password)
        let encrypted = pair(.encryptedPassword)
        if let key = pair(.sshKey) {
            if let other = plain ?? encrypted {
                error(.invalidSSHKey, at: key.range.lowerBound,
                      "both '\(other.key)' and 'key' are given: an entry uses a password or an SSH key, not both; remove one")
                return nil
            }
            guard SSHKeyName.isValid(key.value) else {
                error(.invalidSSHKey, at: key.valueRange.lowerBound,
                      "'key' must name a key of credentials.sshKeys (letters, digits, '.', '-', '_')")
                return nil
            }
            return .sshKey(key.value)
        }
        if let plain, let encrypted {
            warning(.conflictingAliases, at: encrypted.range.lowerBound,
                    "both '\(plain.key)' and 'encrypted_password' are given: the plain one is used; remove the other")
        }
        if let plain { return .plain(Secret(plain.value)) }
        if let encrypted { return .encrypted(encrypted.value) }
        if !explained.isDisjoint(with: [.password, .encryptedPassword]) { return nil }
        if explained.contains(.sshKey) { return nil }
        error(.missingPassword, at: startOffset, "this entry has no password: add pass:\"…\" or encrypted_password:\"…\"")
        return nil
    }

    private mutating func requiredProtocols() -> [GuestProtocol] {
        guard let found = pair(.protocols) else {
            if explained.contains(.protocols) { return [] }
            error(.missingProtocol, at: startOffset, "this entry has no protocol: add protos:\"rdp\" (rdp, vnc or ssh)")
            return []
        }
        var protocols: [GuestProtocol] = []
        var unknownProtocols: [String] = []
        for item in found.value.split(separator: ",") where !item.trimmingWhitespace().isEmpty {
            guard let proto = GuestProtocol(notesName: String(item)) else {
                unknownProtocols.append(String(item).trimmingWhitespace())
                continue
            }
            if !protocols.contains(proto) { protocols.append(proto) }
        }
        reportUnknownProtocols(unknownProtocols, in: found, keeping: protocols)
        if protocols.isEmpty, unknownProtocols.isEmpty {
            error(.missingProtocol, at: found.valueRange.lowerBound, "'\(found.key)' lists no protocol: use rdp, vnc or ssh")
        }
        return protocols
    }

    // MARK: Ports, settings, Wake-on-LAN

    private mutating func explicitPorts(for protocols: [GuestProtocol]) -> [GuestProtocol: Int] {
        let shared = pair(.port).flatMap { port($0) }
        var ports: [GuestProtocol: Int] = [:]
        for proto in GuestProtocol.allCases {
            let specificPair = pair(.portField(for: proto))
            let specific = specificPair.flatMap { port($0) }
            guard protocols.contains(proto) else {
                if let specificPair { unused(specificPair, proto) }
                continue
            }
            ports[proto] = specific ?? shared
        }
        return ports
    }

    private mutating func port(_ pair: NotesPair) -> Int? {
        guard let number = Self.wholeNumber(pair.value), (1...65535).contains(number) else {
            error(.invalidPort, at: pair.valueRange.lowerBound, "'\(pair.key)' must be a whole number from 1 to 65535")
            return nil
        }
        return number
    }

    private mutating func protocolSettings(for protocols: [GuestProtocol]) -> [GuestProtocol: [GuacamoleParameter]] {
        var settings: [GuestProtocol: [GuacamoleParameter]] = [:]
        for proto in GuestProtocol.allCases {
            guard let found = pair(.settingsField(for: proto)) else { continue }
            guard protocols.contains(proto) else {
                unused(found, proto)
                continue
            }
            let parameters = guacamoleParameters(found)
            if !parameters.isEmpty { settings[proto] = parameters }
        }
        return settings
    }

    private mutating func guacamoleParameters(_ pair: NotesPair) -> [GuacamoleParameter] {
        var parameters: [GuacamoleParameter] = []
        for (name, value) in keyValueItems(pair, code: .invalidSetting) {
            let name = name == "encoding" ? "encodings" : name
            let value = GuacamoleBooleanValue.pushed(name: name, value: value)
            if let field = Self.entryKeyReplacing[name] {
                error(.invalidSetting, at: pair.valueRange.lowerBound,
                      "'\(name)' cannot be set in '\(pair.key)': use the entry's '\(field)' key instead")
                continue
            }
            if let existing = parameters.firstIndex(where: { $0.name == name }) {
                warning(.invalidSetting, at: pair.valueRange.lowerBound,
                        "'\(shown(name))' is set twice in '\(pair.key)': the last value is used")
                parameters[existing] = GuacamoleParameter(name: name, value: value)
            } else {
                parameters.append(GuacamoleParameter(name: name, value: value))
            }
        }
        return parameters
    }

    /// Guacamole parameters that the entry's own keys control.
    private static let entryKeyReplacing = [
        "hostname": "host", "port": "rdp_port / vnc_port / ssh_port / port", "username": "user",
        "password": "pass", "domain": "domain",
    ]

    private mutating func wakeOnLANSettings(_ pair: NotesPair) -> WakeOnLANSettings? {
        var settings = WakeOnLANSettings()
        for (name, value) in keyValueItems(pair, code: .invalidWakeOnLAN) {
            switch WakeOnLANItem(name: name) {
            case .sendPacket:
                guard let normalised = GuacamoleBooleanValue.normalised(value) else {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound,
                          "'send-packet' in '\(pair.key)' must be true or false (also 1/0, yes/no, on/off)")
                    continue
                }
                if normalised == "false" { sendPacketOff = true }
            case .broadcastAddress:
                guard Self.isIPv4Address(value) else {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound,
                          "'broadcast-addr' in '\(pair.key)' must be an IPv4 address such as 255.255.255.255")
                    continue
                }
                if let address = IPv4Address(parsing: Substring(value)),
                   address.isLoopback || address.isUnspecified || address.value >> 28 == 0xE {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound,
                          "'broadcast-addr' in '\(pair.key)' must be a broadcast address (not loopback, multicast or 0.0.0.0), "
                              + "such as 255.255.255.255 or the guest subnet's broadcast address")
                    continue
                }
                settings.broadcastAddress = value
            case .udpPort:
                guard let number = Self.wholeNumber(value), (1...65535).contains(number) else {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound,
                          "'udp-port' in '\(pair.key)' must be a whole number from 1 to 65535")
                    continue
                }
                settings.udpPort = number
            case .waitTime:
                guard let number = Self.wholeNumber(value), (0...3600).contains(number) else {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound,
                          "'wait-time' in '\(pair.key)' must be a whole number of seconds from 0 to 3600")
                    continue
                }
                settings.waitTimeSeconds = number
            case nil:
                let message = "unknown setting '\(shown(name))' in '\(pair.key)': use \(WakeOnLANItem.accepted)"
                if mode == .lenient {
                    warning(.invalidWakeOnLAN, at: pair.valueRange.lowerBound, message + "; it is ignored")
                } else {
                    error(.invalidWakeOnLAN, at: pair.valueRange.lowerBound, message)
                }
            }
        }
        return settings == WakeOnLANSettings() ? nil : settings
    }

    /// Splits `a=1, b=2` into trimmed pairs; an item without `=` or without a name is an error.
    private mutating func keyValueItems(_ pair: NotesPair, code: NotesDiagnostic.Code) -> [(String, String)] {
        var items: [(String, String)] = []
        for (index, item) in pair.value.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let itemNumber = index + 1
            let trimmed = item.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "="),
                  case let name = trimmed[..<equals].trimmingWhitespace(), !name.isEmpty
            else {
                // The item may be a secret written without '=' ("passphrase Hunter3Pass"): never quote it.
                error(code, at: pair.valueRange.lowerBound,
                      "'\(pair.key)' needs comma-separated name=value items; item \(itemNumber) is not one (its text is not shown)")
                continue
            }
            items.append((name, trimmed[trimmed.index(after: equals)...].trimmingWhitespace()))
        }
        return items
    }

    // MARK: Flags, names, hosts

    private mutating func flag(_ pair: NotesPair) -> Bool {
        switch pair.value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            error(.invalidFlag, at: pair.valueRange.lowerBound, "'\(pair.key)' must be true or false (also 1/0, yes/no)")
            return false
        }
    }

    private mutating func nameTemplate(_ pair: NotesPair) -> NameTemplate? {
        do {
            return try NameTemplate(pair.value)
        } catch {
            self.error(.invalidTemplate, at: pair.valueRange.lowerBound, "'\(pair.key)': \(redacted(error))")
            return nil
        }
    }

    private mutating func validHost(_ pair: NotesPair) -> String? {
        let allowed = pair.value.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_:".unicodeScalars.contains($0))
        }
        guard allowed else {
            error(.invalidHost, at: pair.valueRange.lowerBound,
                  "'host' must be a DNS name or an IPv4 address (letters, digits, '.', '-')")
            return nil
        }
        return pair.value
    }

    private mutating func unused(_ pair: NotesPair, _ proto: GuestProtocol) {
        warning(.unusedKey, at: pair.range.lowerBound,
                "'\(pair.key)' is set but this entry has no \(proto.rawValue) protocol; it is ignored")
    }

    // MARK: Diagnostics

    mutating func error(_ code: NotesDiagnostic.Code, at offset: Int, _ message: String) {
        add(.error, code, at: offset, message)
    }

    mutating func warning(_ code: NotesDiagnostic.Code, at offset: Int, _ message: String) {
        add(.warning, code, at: offset, message)
    }

    mutating func ignore(_ code: NotesDiagnostic.Code, at offset: Int, _ message: String) {
        ignored.append(NotesDiagnostic(position: lines.position(offset), severity: .warning, code: code, message: message))
    }

    private mutating func add(_ severity: NotesDiagnostic.Severity, _ code: NotesDiagnostic.Code, at offset: Int, _ message: String) {
        if severity == .error { failed = true }
        diagnostics.append(NotesDiagnostic(position: lines.position(offset), severity: severity, code: code, message: message))
    }

    /// A user-written token fit for a message: shortened, control characters replaced, and
    /// `<redacted>` if it overlaps any password of the notes.
    func shown(_ token: String) -> String {
        Self.shown(token, secrets: secrets)
    }

    static func shown(_ token: String, secrets: [String]) -> String {
        if !token.isEmpty, secrets.contains(where: { !$0.isEmpty && ($0.contains(token) || token.contains($0)) }) {
            return "<redacted>"
        }
        let printable = String(String.UnicodeScalarView(token.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        return printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
    }

    private func redacted(_ error: TemplateError) -> TemplateError {
        if case let .unknownVariable(name, suggestion) = error {
            return .unknownVariable(name: shown(name), suggestion: suggestion)
        }
        return error
    }

    // MARK: Value checks

    /// ASCII digits only (no sign, no spaces), at most 9 of them.
    static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    static func isIPv4Address(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            part.count <= 3 && wholeNumber(String(part)).map { $0 <= 255 } == true
        }
    }
}
