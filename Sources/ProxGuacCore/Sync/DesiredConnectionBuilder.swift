/// Settings the builder needs from the config (`sync.*`, `network.wol.*`).
public struct DesiredConnectionSettings: Sendable, Hashable {
    /// `sync.connectionName`: used when neither the entry nor the notes name a template.
    public var connectionName: NameTemplate
    /// `sync.groupPerGuest`.
    public var groupPerGuest: Bool
    /// `sync.groupName`, e.g. `{vmname} ({vmid})`.
    public var groupName: NameTemplate
    /// `network.wol.broadcast` / `network.wol.port`: defaults for the Wake-on-LAN parameters.
    public var wakeOnLANBroadcast: String
    public var wakeOnLANPort: Int
    /// `sync.defaults`: parameters under the notes' settings, and the managed attributes.
    public var defaults: ConnectionDefaults

    public init(connectionName: NameTemplate = .standard, groupPerGuest: Bool = true,
                groupName: NameTemplate = DesiredConnectionSettings.standardGroupName,
                wakeOnLANBroadcast: String = "255.255.255.255", wakeOnLANPort: Int = 9,
                defaults: ConnectionDefaults = ConnectionDefaults()) {
        self.defaults = defaults
        self.connectionName = connectionName
        self.groupPerGuest = groupPerGuest
        self.groupName = groupName
        self.wakeOnLANBroadcast = wakeOnLANBroadcast
        self.wakeOnLANPort = wakeOnLANPort
    }

    /// `{vmname} ({vmid})`.
    public static let standardGroupName: NameTemplate = (try? NameTemplate("{vmname} ({vmid})")) ?? .standard
}

/// The result of building one guest's connections: what to sync, and what must be left alone.
public struct GuestBuildResult: Sendable {
    public var desired: [DesiredConnection] = []
    public var blocked: [BlockedEntry] = []
    /// One line each, never a secret.
    public var problems: [String] = []
    /// Connections built with the hostname their existing connection has, because the guest has no address now.
    public var lastKnownAddresses: [ConnectionIdentity: String] = [:]

    public init() {}

    /// What the planner should assume about this guest's connections that have no desired counterpart.
    public var availability: GuestAvailability {
        if blocked.contains(where: { if case .noAddress = $0.reason { true } else { false } }) && desired.isEmpty {
            return .noAddress
        }
        return problems.isEmpty ? .known : .invalidNotes(diagnostics: problems)
    }
}

/// Turns a guest's credential entries into desired Guacamole connections (pure).
///
/// Name template precedence: the entry's `confName` > the notes' `default_conf_name` > `sync.connectionName`.
/// Address: the entry's `host` pin > the guest's resolved address; with neither, the entry is blocked (`no-ip`).
/// Passwords: `decrypt` opens `encrypted_password` values; a failure blocks that entry (`invalid-notes`).
/// Wake-on-LAN: QEMU guests with a MAC get `wol-*` parameters (`wol_settings` > config defaults) unless
/// `wol_disabled`; LXC containers never do.
public struct DesiredConnectionBuilder: Sendable {
    public var settings: DesiredConnectionSettings

    public init(settings: DesiredConnectionSettings) {
        self.settings = settings
    }

    /// - Parameter lastKnownAddress: the hostname the existing connection of an identity has (nil when none):
    ///   used when the guest has no address now, so a stopped guest's connections still get every other change.
    public func build(
        guest: GuestFacts, notes: ParsedNotes,
        decrypt: (String) throws -> Secret,
        lastKnownAddress: (ConnectionIdentity) -> String? = { _ in nil }
    ) -> GuestBuildResult {
        var result = GuestBuildResult()
        for diagnostic in notes.diagnostics where diagnostic.severity == .error {
            result.problems.append(diagnostic.description)
        }
        // An unknown protocol name may be a typo of one whose connection exists (`protos:"rdp,shh"`): the known
        // ones sync, but none of this guest's connections is deleted on a guess (a typo never deletes).
        for diagnostic in notes.diagnostics where diagnostic.severity == .warning && diagnostic.code == .unknownProtocol {
            result.problems.append(diagnostic.description)
        }
        for entry in notes.entries {
            let password: Secret
            switch entry.password {
            case .plain(let secret):
                password = secret
            case .encrypted(let token):
                do {
                    password = try decrypt(token)
                } catch {
                    let line = "user \(entry.username): cannot decrypt encrypted_password (\(error))"
                    result.problems.append(line)
                    for proto in entry.protocols {
                        result.blocked.append(BlockedEntry(identity: identity(guest, entry, proto), reason: .invalidNotes(line), guestName: guest.name))
                    }
                    continue
                }
            }
            guard let address = entry.host ?? guest.address else {
                for proto in entry.protocols {
                    let identity = identity(guest, entry, proto)
                    if let last = lastKnownAddress(identity) {
                        result.lastKnownAddresses[identity] = last
                        result.desired.append(connection(guest: guest, notes: notes, entry: entry, proto: proto,
                                                         address: last, password: password))
                    } else {
                        result.blocked.append(BlockedEntry(identity: identity, reason: .noAddress, guestName: guest.name))
                    }
                }
                continue
            }
            for proto in entry.protocols {
                result.desired.append(connection(guest: guest, notes: notes, entry: entry, proto: proto,
                                                 address: address, password: password))
            }
        }
        return result
    }

    private func identity(_ guest: GuestFacts, _ entry: CredentialEntry, _ proto: GuestProtocol) -> ConnectionIdentity {
        .proxmox(vmid: guest.vmid, protocolName: proto.rawValue, username: entry.username)
    }

    private func connection(guest: GuestFacts, notes: ParsedNotes, entry: CredentialEntry, proto: GuestProtocol,
                            address: String, password: Secret) -> DesiredConnection {
        let port = entry.port(for: proto)
        let variables = TemplateVariables(
            vmname: guest.name, user: entry.username, proto: proto, port: port, vmid: guest.vmid,
            node: guest.node, ip: address, hostname: guest.hostname, tags: guest.tags, pool: guest.pool ?? "")
        let template = entry.connectionName ?? notes.defaultConnectionName ?? settings.connectionName
        var parameters = ConnectionParameters([
            GuacamoleParameterName.hostname: address,
            GuacamoleParameterName.port: String(port),
            GuacamoleParameterName.username: entry.username,
            GuacamoleParameterName.password: password.value,
        ])
        if proto == .rdp {
            // Proxmox guests almost always present self-signed RDP certificates; settings may override.
            parameters["ignore-cert"] = "true"
            parameters[GuacamoleParameterName.domain] = entry.domain
        }
        // sync.defaults: the base the notes' settings override.
        for (name, value) in settings.defaults.parameters(for: proto, variables) {
            parameters[name] = value
        }
        for setting in entry.parameters(for: proto) {
            parameters[setting.name == "encoding" ? "encodings" : setting.name] = setting.value
        }
        // Wake-on-LAN can start a VM whose NIC listens while it is off; a container has no NIC of its own then.
        if !entry.wakeOnLANDisabled, guest.kind == .qemu, let mac = guest.primaryMAC {
            parameters[GuacamoleParameterName.wolSendPacket] = "true"
            parameters[GuacamoleParameterName.wolMacAddress] = mac
            parameters[GuacamoleParameterName.wolBroadcastAddress] =
                entry.wakeOnLAN?.broadcastAddress ?? settings.wakeOnLANBroadcast
            parameters[GuacamoleParameterName.wolUDPPort] = String(entry.wakeOnLAN?.udpPort ?? settings.wakeOnLANPort)
            if let wait = entry.wakeOnLAN?.waitTimeSeconds {
                parameters[GuacamoleParameterName.wolWaitTime] = String(wait)
            }
        }
        let groupNames: [String]
        if let group = entry.group {
            groupNames = [group]
        } else if settings.groupPerGuest {
            groupNames = [settings.groupName.render(variables)]
        } else {
            groupNames = []
        }
        return DesiredConnection(
            identity: identity(guest, entry, proto), name: template.render(variables), groupNames: groupNames,
            guestName: guest.name, parameters: parameters,
            attributes: settings.defaults.attributes(for: proto, variables))
    }
}
