/// The configuration as `proxguac config check` shows it: every key with its effective value
/// (defaults filled in), secrets as `<redacted>` together with where they came from.
extension ProxGuacConfig {
    /// A JSON document with the same key names as the config file. Each secret is an object
    /// `{"value": "<redacted>", "source": "from file /etc/proxguac/token"}`.
    public var effectiveJSON: JSONValue {
        .object([
            JSONMember("proxmox", proxmoxJSON),
            JSONMember("guacamole", .object([
                JSONMember("url", .string(guacamole.url.absoluteString)),
                JSONMember("username", .string(guacamole.username)),
                JSONMember("password", guacamole.password.effectiveJSON),
                JSONMember("dataSource", guacamole.dataSource.map(JSONValue.string) ?? .null),
                JSONMember("tls", guacamole.tls.effectiveJSON),
            ] + guacamoleTOTPMembers)),
            JSONMember("encryption", .object([
                JSONMember("keyFile", encryption.keyFile.map(JSONValue.string) ?? .null),
                JSONMember("key", encryption.keyOrigin.map(Self.redacted) ?? .null),
                JSONMember("previousKeyFiles", .array(encryption.previousKeyFiles.map(JSONValue.string))),
                JSONMember("legacyPassphraseFile", encryption.legacyPassphraseFile.map(JSONValue.string) ?? .null),
                JSONMember("legacyPassphrase", encryption.legacyPassphraseOrigin.map(Self.redacted) ?? .null),
            ])),
            JSONMember("sync", sync.effectiveJSON),
            JSONMember("external", .array(external.map(\.effectiveJSON))),
            JSONMember("network", network.effectiveJSON),
            JSONMember("http", http.effectiveJSON),
            JSONMember("credentials", credentials.effectiveJSON),
        ])
    }

    /// The same content as `key.path = value` lines, in file order.
    public var effectiveLines: [String] {
        Self.flatten(effectiveJSON, path: "")
    }

    /// The object form for the single unnamed cluster, the list form otherwise (as the file may have it).
    private var proxmoxJSON: JSONValue {
        guard hasNamedClusters || clusters.count > 1 else { return .object(Self.clusterMembers(proxmox)) }
        return .array(clusters.map { .object(Self.clusterMembers($0)) })
    }

    private static func clusterMembers(_ cluster: ProxmoxSettings) -> [JSONMember] {
        var members: [JSONMember] = []
        if let name = cluster.name {
            members += [JSONMember("name", .string(name.text)),
                        JSONMember("previousNames", .array(cluster.previousNames.map { .string($0.text) }))]
        }
        let urls = cluster.urls.map { JSONValue.string($0.absoluteString) }
        members.append(JSONMember("url", urls.count == 1 ? urls[0] : .array(urls)))
        switch cluster.auth {
        case .apiToken(let tokenID, let secret):
            members += [JSONMember("tokenId", .string(tokenID.description)), JSONMember("tokenSecret", secret.effectiveJSON)]
        case .ticket(let username, let password):
            members += [JSONMember("username", .string(username)), JSONMember("password", password.effectiveJSON)]
        }
        members += [JSONMember("tls", cluster.tls.effectiveJSON), JSONMember("maxConcurrentPerNode", .integer(cluster.maxConcurrentPerNode))]
        if let origin = cluster.encryptionKeyOrigin {
            members += [JSONMember("encryptionKeyFile", cluster.encryptionKeyFile.map(JSONValue.string) ?? .null),
                        JSONMember("encryptionKey", redacted(origin))]
        }
        return members
    }

    /// A secret as shown: its value redacted, its source spelled out.
    static func redacted(_ origin: SecretOrigin) -> JSONValue {
        .object([JSONMember("value", .string("<redacted>")), JSONMember("source", .string(origin.description))])
    }

    private static func flatten(_ value: JSONValue, path: String) -> [String] {
        switch value {
        case .object(let members) where members.map(\.key) == ["value", "source"]:
            if case .string(let source) = members[1].value { return ["\(path) = <redacted> (\(source))"] }
            return ["\(path) = <redacted>"]
        case .object(let members):
            return members.flatMap { flatten($0.value, path: ConfigObject.join(path, $0.key)) }
        case .array(let items) where items.allSatisfy({ if case .object = $0 { false } else { true } }):
            return ["\(path) = \(JSONWriter.compact(value))"]
        case .array(let items):
            return items.enumerated().flatMap { flatten($0.element, path: "\(path)[\($0.offset)]") }
        case .string(let text):
            return ["\(path) = \(JSONWriter.quoted(text))"]
        default:
            return ["\(path) = \(JSONWriter.compact(value))"]
        }
    }
}

extension ConfiguredSecret {
    var effectiveJSON: JSONValue { ProxGuacConfig.redacted(origin) }
}

extension TLSSettings {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("verify", .bool(verify)),
            JSONMember("caFile", caFile.map(JSONValue.string) ?? .null),
            JSONMember("fingerprint", fingerprint.map { .string($0.description) } ?? .null),
        ])
    }
}

extension GuestFilter.Criteria {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("tags", .array(tags.map(JSONValue.string))),
            JSONMember("tagMatch", .string(tagMatch.rawValue)),
            JSONMember("nodes", .array(nodes.map(JSONValue.string))),
            JSONMember("pools", .array(pools.map(JSONValue.string))),
            JSONMember("vmids", .array(vmids.map(JSONValue.integer))),
            JSONMember("status", .array(statuses.map(JSONValue.string))),
        ])
    }
}

extension SyncSettings {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("rootGroup", .string(rootGroup)),
            JSONMember("connectionName", .string(connectionName)),
            JSONMember("groupPerGuest", .bool(groupPerGuest)),
            JSONMember("groupPerCluster", groupPerCluster.map(JSONValue.bool) ?? .null),
            JSONMember("groupName", .string(groupName)),
            JSONMember("deleteOrphans", .bool(deleteOrphans)),
            JSONMember("stateFile", .string(stateFile)),
            JSONMember("auditLog", auditLog.map(JSONValue.string) ?? .null),
            JSONMember("include", filter.include.effectiveJSON),
            JSONMember("exclude", filter.exclude.effectiveJSON),
            JSONMember("includeTemplates", .bool(filter.includeTemplates)),
            JSONMember("grant", .object([
                JSONMember("users", .array(grant.users.map(JSONValue.string))),
                JSONMember("groups", .array(grant.groups.map(JSONValue.string))),
                JSONMember("permissions", .array(grant.permissions.map(JSONValue.string))),
            ])),
            JSONMember("concurrency", .integer(concurrency)),
            JSONMember("maxDeletes", maxDeletes.map { .integer($0) } ?? .null),
            JSONMember("onDrift", .string(onDrift.rawValue)),
            JSONMember("defaults", defaults.effectiveJSON),
        ])
    }
}

extension ExternalHost {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("name", .string(name)),
            JSONMember("host", .string(host)),
            JSONMember("protocols", .array(protocols.map { .string($0.rawValue) })),
            JSONMember("username", .string(username)),
            JSONMember("password", password.effectiveJSON),
            JSONMember("port", port.map(JSONValue.integer) ?? .null),
            JSONMember("group", group.map(JSONValue.string) ?? .null),
        ])
    }
}

extension NetworkSettings {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("sweepSubnets", .array(sweepSubnets.map { target in
                guard case .routed(let subnet) = target else { return .string(target.description) }
                return .object([JSONMember("subnet", .string(subnet.description)), JSONMember("routed", .bool(true))])
            })),
            JSONMember("sweepRate", .integer(sweepRate)),
            JSONMember("sweepTimeoutMs", .integer(sweepTimeoutMs)),
            JSONMember("allowLargeSweep", .bool(allowLargeSweep)),
            JSONMember("ipv6", .bool(ipv6)),
            JSONMember("startStoppedForDiscovery", .bool(startStoppedForDiscovery)),
            JSONMember("maxProbes", .integer(maxProbes)),
            JSONMember("sweepInterval", .integer(sweepIntervalSeconds)),
            JSONMember("prefer", .string(preferIPv6 ? "ipv6" : "ipv4")),
            JSONMember("wol", .object([
                JSONMember("broadcast", .string(wol.broadcast.description)),
                JSONMember("port", .integer(wol.port)),
                JSONMember("startViaAPI", .bool(wol.startViaAPI)),
            ])),
        ])
    }
}
