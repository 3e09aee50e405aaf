/// `sync` section and the `external` list.
extension ParseSession {
    static let syncKeys = ["rootGroup", "connectionName", "groupPerGuest", "groupPerCluster", "groupName", "deleteOrphans", "stateFile", "auditLog",
                           "include", "exclude", "includeTemplates", "grant", "concurrency", "maxDeletes", "notes", "onDrift", "defaults"]
    static let filterKeys = ["tags", "tagMatch", "nodes", "pools", "vmids", "status"]
    static let externalKeys = ["name", "host", "protocols", "username", "password", "passwordFile", "encryptedPassword", "port", "group"]
    /// Proxmox VM ids are 100 ... 999999999.
    static let vmidRange = 100...999_999_999

    mutating func syncSettings(_ section: ConfigObject?) throws(ConfigError) -> SyncSettings {
        var settings = SyncSettings()
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        errors.check { () throws(ConfigError) in settings.stateFile = try defaultStateFile(section) }
        guard let section else {
            try errors.throwIfAny()
            return settings
        }
        errors.check { () throws(ConfigError) in
            settings.rootGroup = try section.nonEmptyString("rootGroup", example: "\"Proxmox\"") ?? settings.rootGroup
        }
        errors.check { () throws(ConfigError) in
            settings.connectionName = try section.nonEmptyString("connectionName", example: "\"{user}@{vmname}-{proto}\"") ?? settings.connectionName
        }
        errors.check { () throws(ConfigError) in settings.groupPerGuest = try section.bool("groupPerGuest") ?? settings.groupPerGuest }
        errors.check { () throws(ConfigError) in settings.groupPerCluster = try section.bool("groupPerCluster") }
        errors.check { () throws(ConfigError) in
            settings.groupName = try section.nonEmptyString("groupName", example: "\"{vmname} ({vmid})\"") ?? settings.groupName
        }
        errors.check { () throws(ConfigError) in settings.deleteOrphans = try section.bool("deleteOrphans") ?? settings.deleteOrphans }
        errors.check { () throws(ConfigError) in
            settings.auditLog = try section.nonEmptyString("auditLog", example: "\"/var/lib/proxguac/audit.jsonl\"")
        }
        errors.check { () throws(ConfigError) in settings.filter.include = try guestCriteria(section, "include") ?? .init() }
        errors.check { () throws(ConfigError) in settings.filter.exclude = try guestCriteria(section, "exclude") ?? .init() }
        errors.check { () throws(ConfigError) in settings.filter.includeTemplates = try section.bool("includeTemplates") ?? false }
        errors.check { () throws(ConfigError) in settings.grant = try grantSettings(section) ?? settings.grant }
        errors.check { () throws(ConfigError) in settings.concurrency = try section.integer("concurrency", in: 1...256) ?? settings.concurrency }
        errors.check { () throws(ConfigError) in settings.maxDeletes = try section.integer("maxDeletes", in: 0...1_000_000) }
        errors.check { () throws(ConfigError) in settings.notes = try notesTrust(section) }
        errors.check { () throws(ConfigError) in settings.onDrift = try driftPolicy(section) ?? settings.onDrift }
        errors.check { () throws(ConfigError) in settings.defaults = try connectionDefaults(section) }
        try errors.throwIfAny()
        return settings
    }

    /// `sync.grant`: `users`, `groups` and `permissions` (READ is always granted).
    private func grantSettings(_ section: ConfigObject) throws(ConfigError) -> GrantSettings? {
        guard let grant = try section.object("grant", knownKeys: ["users", "groups", "permissions"]) else { return nil }
        var errors = ConfigErrorCollector()
        var result = GrantSettings()
        errors.check { () throws(ConfigError) in
            let permissions = try grant.stringList("permissions", example: "[\"READ\"]") ?? ["READ"]
            for permission in permissions where !GrantSettings.knownPermissions.contains(permission) {
                throw grant.error(.invalidValue, "permissions", "\"\(TerminalText.escaped(permission))\" is not a connection permission",
                                  fix: "use \(GrantSettings.knownPermissions.joined(separator: ", "))")
            }
            result.permissions = ["READ"] + permissions.filter { $0 != "READ" }
        }
        errors.check { () throws(ConfigError) in result.users = try grant.stringList("users", example: "[\"alice\"]") ?? [] }
        errors.check { () throws(ConfigError) in result.groups = try grant.stringList("groups", example: "[\"lab-admins\"]") ?? [] }
        try errors.throwIfAny()
        return result
    }

    /// `sync.stateFile`, else `$XDG_STATE_HOME/proxguac/state.json`, else `~/.local/state/proxguac/state.json`.
    private func defaultStateFile(_ section: ConfigObject?) throws(ConfigError) -> String {
        if let section, let path = try section.nonEmptyString("stateFile", example: "\"/var/lib/proxguac/state.json\"") {
            return resolvePath(path)
        }
        if let stateHome = context.environment["XDG_STATE_HOME"], stateHome.hasPrefix("/") {
            return stateHome + "/proxguac/state.json"
        }
        if let home = context.environment["HOME"], !home.isEmpty {
            return home + "/.local/state/proxguac/state.json"
        }
        throw ConfigError(.missing, file: file, keyPath: "sync.stateFile", problem: "no default because neither XDG_STATE_HOME nor HOME is set",
                          fix: "set sync.stateFile, e.g. \"/var/lib/proxguac/state.json\"")
    }

    /// The statuses `sync.include.status` / `sync.exclude.status` may name.
    static let knownStatuses = ["running", "stopped", "paused", "suspended"]

    private func guestCriteria(_ section: ConfigObject, _ key: String) throws(ConfigError) -> GuestFilter.Criteria? {
        guard let filter = try section.object(key, knownKeys: Self.filterKeys) else { return nil }
        var result = GuestFilter.Criteria()
        var errors = ConfigErrorCollector()
        errors.check { () throws(ConfigError) in result.tags = try filter.stringList("tags", example: "[\"guac\"]") ?? [] }
        errors.check { () throws(ConfigError) in
            guard let match = try filter.string("tagMatch", example: "\"any\"") else { return }
            guard let parsed = GuestFilter.TagMatch(rawValue: match) else {
                throw filter.error(.invalidValue, "tagMatch", "\"\(TerminalText.escaped(match))\" is not a tag match mode", fix: "use \"any\" or \"all\"")
            }
            result.tagMatch = parsed
        }
        errors.check { () throws(ConfigError) in result.nodes = try filter.stringList("nodes", example: "[\"pve1\"]") ?? [] }
        errors.check { () throws(ConfigError) in result.pools = try filter.stringList("pools", example: "[\"lab\"]") ?? [] }
        let vmids = errors.attempt { () throws(ConfigError) in try filter.list("vmids", example: "[100, 101]") } ?? nil
        for (index, item) in (vmids ?? []).enumerated() {
            errors.check { () throws(ConfigError) in
                result.vmids.append(try ConfigObject.integer(item, keyPath: "\(filter.keyPath("vmids"))[\(index)]", in: Self.vmidRange, file: file))
            }
        }
        errors.check { () throws(ConfigError) in result.statuses = try filter.stringList("status", example: "[\"running\"]") ?? [] }
        for (index, status) in result.statuses.enumerated() where !Self.knownStatuses.contains(status) {
            errors.record(ConfigError(.invalidValue, file: file, keyPath: "\(filter.keyPath("status"))[\(index)]",
                                      problem: "\"\(TerminalText.escaped(status))\" is not a guest status",
                                      fix: "use one of \(Self.knownStatuses.joined(separator: ", "))"))
        }
        try errors.throwIfAny()
        return result
    }

    mutating func externalHosts(_ root: ConfigObject) throws(ConfigError) -> [ExternalHost] {
        let items = try root.list("external", example: "[{\"name\": \"nas\", \"host\": \"nas.example.org\", ...}]") ?? []
        var hosts: [ExternalHost] = []
        var names: Set<String> = []
        var errors = ConfigErrorCollector()  // every broken entry and setting in one run
        for (index, item) in items.enumerated() {
            guard let entry = errors.attempt({ () throws(ConfigError) in
                try ConfigObject(item, path: "external[\(index)]", file: file, knownKeys: Self.externalKeys)
            }) else { continue }
            var entryErrors = ConfigErrorCollector()
            let name = entryErrors.attempt { () throws(ConfigError) in
                let name = try entry.requiredString("name", example: "\"nas\"")
                guard !names.contains(name) else {
                    throw entry.error(.invalidValue, "name", "\"\(TerminalText.escaped(name))\" is used by another external entry",
                                      fix: "give each entry a unique name")
                }
                return name
            }
            if let name { names.insert(name) }
            let host = entryErrors.attempt { () throws(ConfigError) in try entry.requiredString("host", example: "\"nas.example.org\"") }
            let protos = entryErrors.attempt { () throws(ConfigError) in try self.protocols(entry) }
            let username = entryErrors.attempt { () throws(ConfigError) in try entry.requiredString("username", example: "\"admin\"") }
            let password = entryErrors.attempt { () throws(ConfigError) in try externalPassword(entry) }
            let port = entryErrors.attempt { () throws(ConfigError) in try entry.integer("port", in: 1...65535) }
            let group = entryErrors.attempt { () throws(ConfigError) in try entry.nonEmptyString("group", example: "\"Storage\"") }
            guard let name, let host, let protos, let username, let password, let port, let group else {
                entryErrors.errors.forEach { errors.record($0) }
                continue
            }
            hosts.append(ExternalHost(name: name, host: host, protocols: protos, username: username, password: password,
                                      port: port, group: group))
        }
        try errors.throwIfAny()
        return hosts
    }

    /// `encryptedPassword` (a `v1:` value, opened later with the configured key), else `passwordFile`, else `password`.
    private mutating func externalPassword(_ entry: ConfigObject) throws(ConfigError) -> ConfiguredSecret {
        if let token = try entry.nonEmptyString("encryptedPassword", example: "\"v1:...\"") {
            return ConfiguredSecret(Secret(token), origin: .encrypted(keyPath: entry.keyPath("encryptedPassword")))
        }
        return try requiredSecret(in: entry, inlineKey: "password", fileKey: "passwordFile", environmentVariable: nil)
    }

    /// `protocols` as a list (`["rdp", "ssh"]`) or, like the notes syntax, a comma-separated string (`"rdp,ssh"`).
    private func protocols(_ entry: ConfigObject) throws(ConfigError) -> [GuestProtocol] {
        let example = "[\"rdp\", \"ssh\"]"
        let names: [String]
        if case .string(let text)? = entry.raw("protocols") {
            names = text.split(separator: ",").map(String.init)
        } else {
            names = try entry.stringList("protocols", example: example) ?? []
        }
        guard !names.isEmpty else { throw entry.missing("protocols", fix: "add \"protocols\": \(example) to \(entry.path)") }
        var protocols: [GuestProtocol] = []
        for name in names {
            guard let parsed = GuestProtocol(notesName: name) else {
                throw entry.error(.invalidValue, "protocols", "\"\(name)\" is not a supported protocol",
                                  fix: "use \(GuestProtocol.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !protocols.contains(parsed) { protocols.append(parsed) }
        }
        return protocols
    }
}
