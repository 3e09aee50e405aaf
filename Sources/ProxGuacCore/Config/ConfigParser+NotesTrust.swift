/// `sync.notes` and `network.allowedTargets`: the admin's answers to "what may a note do".
extension ParseSession {
    static let notesTrustKeys = ["allowParameters", "allowHostNames", "sharedGroups"]

    func notesTrust(_ sync: ConfigObject) throws(ConfigError) -> NotesTrustSettings {
        guard let section = try sync.object("notes", knownKeys: Self.notesTrustKeys) else { return NotesTrustSettings() }
        var settings = NotesTrustSettings()
        var errors = ConfigErrorCollector()  // every broken setting in one run
        errors.check { () throws(ConfigError) in
            settings.allowParameters = try section.stringList("allowParameters", example: "[\"enable-drive\", \"drive-path\"]") ?? []
        }
        errors.check { () throws(ConfigError) in settings.allowHostNames = try section.bool("allowHostNames") ?? false }
        errors.check { () throws(ConfigError) in
            settings.sharedGroups = try section.stringList("sharedGroups", example: "[\"Shared\"]") ?? []
        }
        try errors.throwIfAny()
        return settings
    }

    func allowedTargets(_ network: ConfigObject) throws(ConfigError) -> [AddressBlock]? {
        guard let texts = try network.stringList("allowedTargets", example: "[\"198.51.100.0/24\"]") else { return nil }
        var blocks: [AddressBlock] = []
        for (index, text) in texts.enumerated() {
            guard let block = AddressBlock(parsing: text) else {
                throw ConfigError(.invalidValue, file: file, keyPath: "\(network.keyPath("allowedTargets"))[\(index)]",
                                  problem: "\"\(TerminalText.escaped(text))\" is not a CIDR block",
                                  fix: "use a block like 198.51.100.0/24 or 2001:db8::/32")
            }
            blocks.append(block)
        }
        return blocks
    }
}
