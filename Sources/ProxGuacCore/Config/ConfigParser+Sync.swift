/// `sync` section and the `external` list.
extension ParseSession {
    static let syncKeys = ["rootGroup", "connectionName", "groupPerGuest", "groupName", "deleteOrphans", "stateFile", "auditLog",
                           "include", "exclude", "includeTemplates", "grant", "concurrency", "maxDeletes", "notes", "onDrift", "defaults"]
    static let filterKeys = ["tags", "tagMatch", "nodes", "pools", "vmids", "status"]
    static let externalKeys = ["name", "host", "protocols", "username", "password", "passwordFile", "encryptedPassword", "port", "group"]
    /// Proxmox VM ids are 100 ... 999999999.
    static let vmidRange = 100...999_999_999

    mutating func syncSettings(_ section: ConfigObject?) throws(ConfigError) -> SyncSettings {
        var settings = SyncSettings()
        settings.stateFile = try defaultStateFile(section)
        guard let section else { return settings }
        settings.rootGroup = try section.nonEmptyString("rootGroup", example: "\"Proxmox\"") ?? settings.rootGroup
        settings.connectionName = try section.nonEmptyString("connectionName", example: "\"{user}@{vmname}-{proto}\"") ?? settings.connectionName
        settings.groupPerGuest = try section.bool("groupPerGuest") ?? settings.groupPerGuest
        settings.groupName = try section.nonEmptyString("groupName", example: "\"{vmname} ({vmid})\"") ?? settings.groupName
        settings.deleteOrphans = try section.bool("deleteOrphans") ?? settings.deleteOrphans
        settings.auditLog = try section.nonEmptyString("auditLog", example: "\"/var/lib/proxguac/audit.jsonl\"")
        settings.filter = GuestFilter(
            include: try guestCriteria(section, "include") ?? .init(),
            exclude: try guestCriteria(section, "exclude") ?? .init(),
            includeTemplates: try section.bool("includeTemplates") ?? false
        )
        if let grant = try section.object("grant", knownKeys: ["users", "groups", "permissions"]) {
            let permissions = try grant.stringList("permissions", example: "[\"READ\"]") ?? ["READ"]
            for permission in permissions where !GrantSettings.knownPermissions.contains(permission) {
                throw grant.error(.invalidValue, "permissions", "\"\(permission)\" is not a connection permission",
                                  fix: "use \(GrantSettings.knownPermissions.joined(separator: ", "))")
            }
            settings.grant = GrantSettings(users: try grant.stringList("users", example: "[\"alice\"]") ?? [],
                                           groups: try grant.stringList("groups", example: "[\"lab-admins\"]") ?? [],
                                           permissions: ["READ"] + permissions.filter { $0 != "READ" })
        }
        settings.concurrency = try section.integer("concurrency", in: 1...256) ?? settings.concurrency
        settings.maxDeletes = try section.integer("maxDeletes", in: 0...1_000_000)
        settings.notes = try notesTrust(section)
        settings.onDrift = try driftPolicy(section) ?? settings.onDrift
        settings.defaults = try connectionDefaults(section)
        return settings
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
        result.tags = try filter.stringList("tags", example: "[\"guac\"]") ?? []
        if let match = try filter.string("tagMatch", example: "\"any\"") {
            guard let parsed = GuestFilter.TagMatch(rawValue: match) else {
                throw filter.error(.invalidValue, "tagMatch", "\"\(match)\" is not a tag match mode", fix: "use \"any\" or \"all\"")
            }
            result.tagMatch = parsed
        }
        result.nodes = try filter.stringList("nodes", example: "[\"pve1\"]") ?? []
        result.pools = try filter.stringList("pools", example: "[\"lab\"]") ?? []
        for (index, item) in (try filter.list("vmids", example: "[100, 101]") ?? []).enumerated() {
            result.vmids.append(try ConfigObject.integer(item, keyPath: "\(filter.keyPath("vmids"))[\(index)]", in: Self.vmidRange, file: file))
        }
        result.statuses = try filter.stringList("status", example: "[\"running\"]") ?? []
        for (index, status) in result.statuses.enumerated() where !Self.knownStatuses.contains(status) {
            throw ConfigError(.invalidValue, file: file, keyPath: "\(filter.keyPath("status"))[\(index)]",
                              problem: "\"\(status)\" is not a guest status", fix: "use one of \(Self.knownStatuses.joined(separator: ", "))")
        }
        return result
    }

    mutating func externalHosts(_ root: ConfigObject) throws(ConfigError) -> [ExternalHost] {
        let items = try root.list("external", example: "[{\"name\": \"nas\", \"host\": \"nas.example.org\", ...}]") ?? []
        var hosts: [ExternalHost] = []
        for (index, item) in items.enumerated() {
            let entry = try ConfigObject(item, path: "external[\(index)]", file: file, knownKeys: Self.externalKeys)
            let name = try entry.requiredString("name", example: "\"nas\"")
            guard !hosts.contains(where: { $0.name == name }) else {
                throw entry.error(.invalidValue, "name", "\"\(name)\" is used by another external entry", fix: "give each entry a unique name")
            }
            hosts.append(ExternalHost(
                name: name,
                host: try entry.requiredString("host", example: "\"nas.example.org\""),
                protocols: try protocols(entry),
                username: try entry.requiredString("username", example: "\"admin\""),
                password: try externalPassword(entry),
                port: try entry.integer("port", in: 1...65535),
                group: try entry.nonEmptyString("group", example: "\"Storage\"")
            ))
        }
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
