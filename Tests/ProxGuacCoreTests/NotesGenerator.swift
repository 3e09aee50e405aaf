@testable import ProxGuacCore

/// Seeded random notes for property and fuzz tests: entries with awkward values, written with every
/// spelling, quoting and spacing the syntax allows, between lines of free text.
struct NotesGenerator {
    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    private static let valueCharacters = Array("abcxyzABCXYZ0189 @#$%^&*()-_=+[]{}|;:'\",.<>/?\\~`éж✓😀")
    private static let prose = [
        "# Build server", "Ask **Anna** before rebooting.", "- patched monthly", "Owner: platform team",
        "See https://wiki.example.org/vm:42 for details", "Reboot weekly; check the logs.", "", "  indented text",
        "`code sample`", "100% uptime goal", "Läuft seit 2021 ✓",
    ]
    private static let templates = ["{vmname}-{user}-{proto}", "{user}@{host}", "Lab/{vmid} {proto}:{port}", "plain name"]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A value the syntax can carry: no line break, no white space at either end.
    mutating func value(length: ClosedRange<Int> = 1...12, excluding excluded: Set<Character> = []) -> String {
        let alphabet = Self.valueCharacters.filter { !excluded.contains($0) }
        var text = String((0..<int(length)).map { _ in pick(alphabet) })
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text.isEmpty ? "v" : text
    }

    mutating func entry(index: Int) -> CredentialEntry {
        var protocols = GuestProtocol.allCases.filter { _ in chance(50) }
        if protocols.isEmpty { protocols = [pick(GuestProtocol.allCases)] }
        var entry = CredentialEntry(
            username: "u\(index)" + value(length: 0...6),
            password: chance(80) ? .plain(Secret(value())) : .encrypted(value(excluding: [" "])),
            protocols: protocols,
            location: SourceRange(start: .init(line: 1, column: 1, offset: 0), end: .init(line: 1, column: 1, offset: 0))
        )
        for proto in protocols where chance(40) { entry.ports[proto] = int(1...65535) }
        for proto in protocols where chance(30) { entry.settings[proto] = settings() }
        if chance(30) { entry.connectionName = try? NameTemplate(pick(Self.templates)) }
        if chance(20) {
            entry.wakeOnLAN = WakeOnLANSettings(
                broadcastAddress: chance(50) ? pick(["255.255.255.255", "198.51.100.255", "203.0.113.255"]) : nil,
                udpPort: int(1...65535), waitTimeSeconds: chance(50) ? int(0...3600) : nil)
        }
        entry.wakeOnLANDisabled = chance(20)
        if chance(20) { entry.host = "h\(int(0...99)).lab-\(int(0...9)).example" }
        if chance(20) { entry.domain = value() }
        if chance(20) { entry.group = value() }
        return entry
    }

    private mutating func settings() -> [GuacamoleParameter] {
        var parameters: [GuacamoleParameter] = []
        for _ in 0..<int(1...3) {
            let name = String((0..<int(1...8)).map { _ in pick(Array("abcdefghij-")) })
            guard !["port", "domain"].contains(name), !parameters.contains(where: { $0.name == name }) else { continue }
            parameters.append(GuacamoleParameter(name: name, value: chance(10) ? "" : value(excluding: [","])))
        }
        return parameters
    }

    /// The entry written with random spellings, quoting, order and spacing.
    mutating func varied(_ entry: CredentialEntry) -> String {
        var pairs: [(NotesField, String)] = [(.username, entry.username)]
        switch entry.password {
        case let .plain(secret): pairs.append((.password, secret.value))
        case let .encrypted(cipher): pairs.append((.encryptedPassword, cipher))
        case let .sshKey(name): pairs.append((.sshKey, name))
        }
        pairs.append((.protocols, entry.protocols.map { chance(20) ? $0.rawValue.uppercased() : $0.rawValue }
            .joined(separator: pick([",", ", "]))))
        for (proto, port) in entry.ports { pairs.append((.portField(for: proto), String(port))) }
        for (proto, parameters) in entry.settings {
            pairs.append((.settingsField(for: proto), NotesRenderer.settingsValue(parameters)))
        }
        if let name = entry.connectionName { pairs.append((.connectionName, name.text)) }
        if let wakeOnLAN = entry.wakeOnLAN { pairs.append((.wolSettings, NotesRenderer.wakeOnLANValue(wakeOnLAN))) }
        if entry.wakeOnLANDisabled { pairs.append((.wolDisabled, pick(["true", "1", "yes", "TRUE"]))) }
        if let host = entry.host { pairs.append((.host, host)) }
        if let domain = entry.domain { pairs.append((.domain, domain)) }
        if let group = entry.group { pairs.append((.group, group)) }
        pairs.shuffle(using: &rng)
        let written = pairs.map { field, value in
            pick(field.spellings) + ":" + (chance(20) ? " " : "") + quotedAnyhow(value)
        }
        return written.joined(separator: pick([" ", "  ", "\t", "\n", "\n  "])) + pick([";", " ;", "\n;"])
    }

    private mutating func quotedAnyhow(_ value: String) -> String {
        let bareSafe = !value.isEmpty && !value.contains { $0.isWhitespace || ";\"'".contains($0) }
        if bareSafe, chance(30) { return value }
        if !value.contains("'"), chance(30) { return "'" + value + "'" }
        return NotesRenderer.quoted(value)
    }

    /// Notes holding `entries`, separated by free text.
    mutating func notes(_ entries: [CredentialEntry], canonical: Bool) -> String {
        var parts: [String] = []
        for entry in entries {
            if chance(50) { parts.append(pick(Self.prose)) }
            parts.append(canonical ? NotesRenderer.render(entry) : varied(entry))
        }
        if chance(50) { parts.append(pick(Self.prose)) }
        return parts.joined(separator: "\n")
    }
}
