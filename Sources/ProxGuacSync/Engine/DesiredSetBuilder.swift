import ProxGuacCore
import ProxGuacCrypto

/// Turns guest snapshots and the config's external hosts into the planner's desired side:
/// desired connections, blocked entries and per-source availability.
struct DesiredSetBuilder {
    let config: ProxGuacConfig
    /// Loads the password cipher; called at most once, and only when some entry is encrypted.
    let loadCipher: () throws -> PasswordCipher

    struct Output {
        var desired: [DesiredConnection] = []
        var blocked: [BlockedEntry] = []
        var availability: [ConnectionSource: GuestAvailability] = [:]
        var problems: [String] = []
    }

    func build(_ guests: [GuestSnapshot]) throws -> Output {
        let settings = try desiredSettings()
        let builder = DesiredConnectionBuilder(settings: settings)
        var output = Output()
        var cipher: Result<PasswordCipher, any Error>?
        for guest in guests {
            let source = ConnectionSource.proxmox(vmid: guest.facts.vmid)
            if let failure = guest.readFailure {
                output.availability[source] = failure
                output.problems.append("guest \(guest.facts.vmid) (\(guest.facts.name)): \(Self.describe(failure))")
                continue
            }
            let notes = guest.parsedNotes
            let result = builder.build(guest: guest.facts, notes: notes) { token in
                if cipher == nil { cipher = Result { try loadCipher() } }
                switch cipher {
                case .success(let loaded)?: return try loaded.decrypt(token)
                case .failure(let error)?: throw error
                case nil: throw ApplyStepError("no encryption key")
                }
            }
            output.desired += result.desired
            output.blocked += result.blocked
            output.availability[source] = result.availability
            for problem in result.problems { output.problems.append("guest \(guest.facts.vmid) (\(guest.facts.name)): \(problem)") }
        }
        for host in config.external {
            output.desired += externalConnections(host, settings: settings)
            output.availability[.external(name: host.name)] = .known
        }
        return output
    }

    private func desiredSettings() throws -> DesiredConnectionSettings {
        DesiredConnectionSettings(
            connectionName: try NameTemplate(config.sync.connectionName), groupPerGuest: config.sync.groupPerGuest,
            groupName: try NameTemplate(config.sync.groupName),
            wakeOnLANBroadcast: config.network.wol.broadcast.description, wakeOnLANPort: config.network.wol.port)
    }

    private func externalConnections(_ host: ExternalHost, settings: DesiredConnectionSettings) -> [DesiredConnection] {
        host.protocols.map { proto in
            let port = host.port ?? proto.defaultPort
            let variables = TemplateVariables(vmname: host.name, user: host.username, proto: proto, port: port,
                                              vmid: 0, node: "", ip: host.host)
            var parameters = ConnectionParameters([
                GuacamoleParameterName.hostname: host.host,
                GuacamoleParameterName.port: String(port),
                GuacamoleParameterName.username: host.username,
                GuacamoleParameterName.password: host.password.secret.value,
            ])
            if proto == .rdp { parameters["ignore-cert"] = "true" }
            return DesiredConnection(
                identity: .external(name: host.name, protocolName: proto.rawValue, username: host.username),
                name: settings.connectionName.render(variables), groupNames: host.group.map { [$0] } ?? [],
                guestName: host.name, parameters: parameters)
        }
    }

    static func describe(_ availability: GuestAvailability) -> String {
        switch availability {
        case .known: "ok"
        case .nodeOffline(let node): "node \(node) is unreachable; its connections are kept"
        case .invalidNotes(let diagnostics): diagnostics.joined(separator: "; ")
        case .noAddress: "no address found"
        }
    }
}
