/// A key notes entries understand, with its spellings in order of precedence (the first present wins).
enum NotesField: Sendable, Hashable, CaseIterable {
    case username, password, encryptedPassword, sshKey, protocols, connectionName
    case port, rdpPort, vncPort, sshPort
    case rdpSettings, vncSettings, sshSettings
    case wolSettings, wolDisabled
    case defaultConnectionName
    case host, domain, group

    var spellings: [String] {
        switch self {
        case .username: ["username", "user"]
        case .password: ["password", "pass"]
        case .encryptedPassword: ["encrypted_password"]
        case .sshKey: ["key"]
        case .protocols: ["protocols", "protos", "proto"]
        case .connectionName: ["connection_name", "confName"]
        case .port: ["port"]
        case .rdpPort: ["rdp_port"]
        case .vncPort: ["vnc_port"]
        case .sshPort: ["ssh_port"]
        case .rdpSettings: ["rdp_settings", "rdpSettings"]
        case .vncSettings: ["vnc_settings", "vncSettings"]
        case .sshSettings: ["ssh_settings"]
        case .wolSettings: ["wol_settings", "wolSettings"]
        case .wolDisabled: ["wol_disabled", "wolDisabled"]
        case .defaultConnectionName: ["default_conf_name"]
        case .host: ["host"]
        case .domain: ["domain"]
        case .group: ["group"]
        }
    }

    /// Whether spelling `first` wins over spelling `second` (the same spelling wins over itself: first come, first served).
    func precedes(_ first: String, _ second: String) -> Bool {
        if first == second { return true }
        for spelling in spellings {
            if spelling == first { return true }
            if spelling == second { return false }
        }
        return true
    }

    /// The spelling proxguac writes.
    var preferredSpelling: String {
        switch self {
        case .username: "user"
        case .password: "pass"
        case .protocols: "protos"
        case .connectionName: "confName"
        default: spellings[0]
        }
    }

    static func portField(for proto: GuestProtocol) -> NotesField {
        switch proto {
        case .rdp: .rdpPort
        case .vnc: .vncPort
        case .ssh: .sshPort
        }
    }

    static func settingsField(for proto: GuestProtocol) -> NotesField {
        switch proto {
        case .rdp: .rdpSettings
        case .vnc: .vncSettings
        case .ssh: .sshSettings
        }
    }

    private static let bySpelling: [String: NotesField] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { field in field.spellings.map { ($0, field) } }
    )

    static let allSpellings: [String] = allCases.flatMap(\.spellings)

    init?(key: String) {
        guard let field = Self.bySpelling[key] else { return nil }
        self = field
    }

    /// Whether a value of this key is a password or its ciphertext.
    var holdsSecret: Bool { self == .password || self == .encryptedPassword }

    /// Whether the key belongs to a credential entry (everything but the notes-wide `default_conf_name`).
    var isEntryField: Bool { self != .defaultConnectionName }

    /// The known key `key` most likely misspells, if any (`usr` → `user`, `Pass` → `pass`).
    static func misspelling(of key: String) -> String? {
        spellingCandidates.closest(to: key)
    }

    private static let spellingCandidates = SpellingCandidates(allSpellings)
}
