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
    /// `sync.notes`: parameters, host names and shared groups the admin allows notes.
    public var trust = NotesTrustSettings()
    /// `network.allowedTargets` and this host's own addresses.
    public var targets = TargetPolicy()
    /// `credentials.sshKeys`: the keys notes may name with `key:"NAME"`.
    public var sshKeys: [String: SSHKeyGrant] = [:]

    public var parameterPolicy: NotesParameterPolicy { NotesParameterPolicy(extraAllowed: Set(trust.allowParameters)) }
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
        build(guest: guest, notes: notes, resolvedHosts: [:], decrypt: { token, _ in try decrypt(token) },
              lastKnownAddress: lastKnownAddress)
    }

    /// - Parameters:
    ///   - resolvedHosts: addresses of the `host:` names, resolved at sync time (only when `sync.notes.allowHostNames`).
    ///   - decrypt: opens an `encrypted_password` for the entry's place (vmid and user); throws when it may not be opened there.
    ///   - lastKnownAddress: the hostname the existing connection of an identity has (nil when none): used when
    ///     the guest has no address now, so a stopped guest's connections still get every other change.
    public func build(
        guest: GuestFacts, notes: ParsedNotes, resolvedHosts: [String: [IPAddress]],
        decrypt: (String, CredentialPlace) throws -> Secret,
        lastKnownAddress: (ConnectionIdentity) -> String? = { _ in nil }
    ) -> GuestBuildResult {
        var result = GuestBuildResult()
        for diagnostic in notes.diagnostics where diagnostic.severity == .error {
            result.problems.append(TerminalText.escaped(diagnostic.description))
        }
        let admission = EntryAdmission(settings: settings, guest: guest, resolvedHosts: resolvedHosts)
        // An unknown protocol name may be a typo of one whose connection exists (`protos:"rdp,shh"`): the known
        // ones sync, but none of this guest's connections is deleted on a guess (a typo never deletes).
        for diagnostic in notes.diagnostics where diagnostic.severity == .warning && diagnostic.code == .unknownProtocol {
            result.problems.append(TerminalText.escaped(diagnostic.description))
        }
        for entry in notes.entries {
            func block(_ lines: [String], _ reason: BlockedEntry.Reason? = nil) {
                let user = TerminalText.escaped(entry.username)
                result.problems += lines.map { "user \(user): \($0)" }
                let why = reason ?? .invalidNotes(lines.count == 1 ? lines[0] : "\(lines[0]) (and \(lines.count - 1) more)")
                for proto in entry.protocols {
                    result.blocked.append(BlockedEntry(identity: identity(guest, entry, proto), reason: why, guestName: guest.name))
                }
            }
            var refusals = settings.parameterPolicy.refusals(in: entry)
            let target = admission.target(for: entry)
            if case .refused(let line) = target { refusals.append(line) }
            var sshKey: SSHKeyGrant?
            if let name = entry.password.sshKeyName {
                switch admission.sshKey(named: name) {
                case .success(let grant): sshKey = grant
                case .failure(let refusal): refusals.append(refusal.line)
                }
            }
            // The address per protocol: the current one, or (no address now) the existing connection's hostname.
            var addresses: [GuestProtocol: String] = [:]
            for proto in entry.protocols {
                switch target {
                case .address(let address): addresses[proto] = address
                // A key goes only to an address found for the guest now, never to a remembered hostname.
                case .none: addresses[proto] = sshKey == nil ? lastKnownAddress(identity(guest, entry, proto)) : nil
                case .refused: break
                }
            }
            var groups: [GuestProtocol: [String]] = [:]
            for (proto, address) in addresses {
                switch admission.groupNames(for: entry, proto: proto, address: address) {
                case .success(let names): groups[proto] = names
                case .failure(let refusal): if !refusals.contains(refusal.line) { refusals.append(refusal.line) }
                }
            }
            guard refusals.isEmpty else {
                block(refusals)
                continue
            }
            let password: Secret?
            switch entry.password {
            case .sshKey:
                password = nil
            case .plain(let secret):
                password = secret
            case .encrypted(let token):
                do {
                    password = try decrypt(token, CredentialPlace(cluster: guest.cluster, vmid: guest.vmid, user: entry.username))
                } catch {
                    block(["cannot decrypt encrypted_password (\(TerminalText.escaped(String(describing: error))))"])
                    continue
                }
            }
            for proto in entry.protocols {
                guard let address = addresses[proto] else {
                    result.blocked.append(BlockedEntry(identity: identity(guest, entry, proto), reason: .noAddress, guestName: guest.name))
                    continue
                }
                if case .none = target { result.lastKnownAddresses[identity(guest, entry, proto)] = address }
                var desired = connection(guest: guest, notes: notes, entry: entry, proto: proto,
                                         address: address, password: password, groupNames: groups[proto] ?? [])
                if let sshKey { desired.useKey(sshKey) }
                result.desired.append(desired)
            }
        }
        return result
    }

    private func identity(_ guest: GuestFacts, _ entry: CredentialEntry, _ proto: GuestProtocol) -> ConnectionIdentity {
        .proxmox(cluster: guest.cluster, vmid: guest.vmid, protocolName: proto.rawValue, username: entry.username)
    }

    private func connection(guest: GuestFacts, notes: ParsedNotes, entry: CredentialEntry, proto: GuestProtocol,
                            address: String, password: Secret?, groupNames: [String]) -> DesiredConnection {
        let port = entry.port(for: proto)
        let variables = TemplateVariables(
            vmname: guest.name, user: entry.username, proto: proto, port: port, vmid: guest.vmid,
            node: guest.node, ip: address, hostname: guest.hostname, tags: guest.tags, pool: guest.pool ?? "")
        let template = entry.connectionName ?? notes.defaultConnectionName ?? settings.connectionName
        var parameters = ConnectionParameters([
            GuacamoleParameterName.hostname: address,
            GuacamoleParameterName.port: String(port),
            GuacamoleParameterName.username: entry.username,
        ])
        parameters[GuacamoleParameterName.password] = password?.value
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
        return DesiredConnection(
            identity: identity(guest, entry, proto), name: template.render(variables), groupNames: groupNames,
            guestName: guest.name, parameters: parameters,
            attributes: settings.defaults.attributes(for: proto, variables))
    }
}
