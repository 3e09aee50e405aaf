import ProxGuacCore
import ProxGuacCrypto

/// Turns guest snapshots and the config's external hosts into the planner's desired side:
/// desired connections, blocked entries and per-source availability.
public struct DesiredSetBuilder {
    let config: ProxGuacConfig
    /// Loads the password cipher of a cluster (its own key, else the global one); called at most once per cluster,
    /// and only when some entry is encrypted. External hosts use the unnamed cluster's (nil).
    let loadCipher: (ClusterName?) throws -> PasswordCipher
    /// This host's own addresses (refused as targets unless `network.allowedTargets` says otherwise).
    var ownAddresses: Set<IPAddress> = []
    /// Where unbound encrypted passwords were last seen (from the state file).
    var sightings = CiphertextSightings()
    /// Resolves a note's `host:` name (only asked with `sync.notes.allowHostNames`).
    var resolveHost: (String) -> [IPAddress] = HostResolver.addresses
    /// Each identity's address from the state file: the last known address when the guest has none now and
    /// its connection is gone from Guacamole too (after the observed hostname).
    var recordedAddresses: [ConnectionIdentity: String] = [:]

    public init(config: ProxGuacConfig, ownAddresses: Set<IPAddress> = [], sightings: CiphertextSightings = .init(),
                loadCipher: @escaping () throws -> PasswordCipher) {
        self.init(config: config, ownAddresses: ownAddresses, sightings: sightings, loadClusterCipher: { _ in try loadCipher() })
    }

    /// `loadClusterCipher`: the key ring of a cluster (``ProxGuacConfig/encryption(for:)``).
    public init(config: ProxGuacConfig, ownAddresses: Set<IPAddress> = [], sightings: CiphertextSightings = .init(),
                loadClusterCipher: @escaping (ClusterName?) throws -> PasswordCipher) {
        self.config = config
        self.ownAddresses = ownAddresses
        self.sightings = sightings
        self.loadCipher = loadClusterCipher
    }

    public struct Output {
        public var desired: [DesiredConnection] = []
        public var blocked: [BlockedEntry] = []
        public var availability: [ConnectionSource: GuestAvailability] = [:]
        public var problems: [String] = []
        /// The loaded sightings plus the places values were first seen at in this run (saved with the state).
        public var ciphertexts = CiphertextSightings()
        /// Identities built with their existing connection's hostname (the guest has no address now).
        public var lastKnownAddresses: [ConnectionIdentity: String] = [:]
        /// Encrypted values that opened only with a former name of their guest's cluster (`previousNames`): by
        /// cluster, then old name, how many. They need re-binding before the old name leaves `previousNames`.
        public var boundToFormerNames: [ClusterName: [ClusterName: Int]] = [:]
    }

    /// - Parameter observed: Guacamole's connections; a managed one's hostname is the last known address of its
    ///   identity, used when the guest has no address now (else ``recordedAddresses``, from the state file).
    public func build(_ guests: [GuestSnapshot], observed: [ObservedConnection] = []) throws -> Output {
        var lastKnown: [ConnectionIdentity: String] = [:]
        for connection in observed {
            guard let identity = connection.markedIdentity, lastKnown[identity] == nil,
                  let hostname = connection.parameters[GuacamoleParameterName.hostname] else { continue }
            lastKnown[identity] = hostname
        }
        lastKnown.merge(recordedAddresses) { observed, _ in observed }
        let settings = try desiredSettings()
        let builder = DesiredConnectionBuilder(settings: settings)
        var output = Output()
        var seen = sightings
        var ciphers: [ClusterName?: Result<PasswordCipher, any Error>] = [:]
        func loaded(_ cluster: ClusterName? = nil) throws -> PasswordCipher {
            let cipher = ciphers[cluster] ?? Result { try loadCipher(cluster) }
            ciphers[cluster] = cipher
            return try cipher.get()
        }
        var formerBindings: [ClusterName?: [ClusterName?]] = [:]
        func former(_ cluster: ClusterName?) -> [ClusterName?] {
            if let known = formerBindings[cluster] { return known }
            let bindings = config.formerBindings(of: cluster, unnamedBecame: sightings.unnamedBecame)
            formerBindings[cluster] = bindings
            return bindings
        }
        func decrypt(_ token: String) throws -> Secret { try loaded().decrypt(token) }
        var boundToFormerNames: [ClusterName: [ClusterName: Int]] = [:]
        func decrypt(_ token: String, at place: CredentialPlace) throws -> Secret {
            let formerClusters = former(place.cluster)
            if PasswordCipher.isBound(token) {
                let opened = try loaded(place.cluster).decryptNotingBinding(token, boundTo: place.binding,
                                                                            formerClusters: formerClusters.map { $0?.text })
                if case .former(let name?) = opened.binding, let cluster = place.cluster, let old = ClusterName(name) {
                    boundToFormerNames[cluster, default: [:]][old, default: 0] += 1
                }
                return opened.secret
            }
            if case .seenElsewhere(let places) = sightings.verdict(token, at: place, formerClusters: formerClusters) {
                throw CryptoError.copiedValue(seenAt: places.map(\.description).joined(separator: ", "), here: place.guest.description)
            }
            let secret = try loaded(place.cluster).decrypt(token)
            seen.record(token, at: place)
            return secret
        }
        for guest in guests {
            let source = ConnectionSource.proxmox(cluster: guest.facts.cluster, vmid: guest.facts.vmid)
            if let failure = guest.readFailure {
                output.availability[source] = failure
                if case .statusNotSelected = failure { continue }
                output.problems.append("guest \(guest.facts.key) (\(guest.facts.name)): \(Self.describe(failure))")
                continue
            }
            let notes = guest.parsedNotes
            let result = builder.build(guest: guest.facts, notes: notes, resolvedHosts: resolvedHosts(notes, settings),
                                       decrypt: decrypt(_:at:)) { lastKnown[$0] }
            if config.groupsPerCluster, let cluster = guest.facts.cluster {
                // The cluster's own level under the root group; the guest's groups go below it.
                output.desired += result.desired.map { connection in
                    var placed = connection
                    placed.groupNames.insert(cluster.text, at: 0)
                    return placed
                }
            } else {
                output.desired += result.desired
            }
            output.lastKnownAddresses.merge(result.lastKnownAddresses) { first, _ in first }
            output.blocked += result.blocked
            output.availability[source] = result.availability
            for problem in result.problems { output.problems.append("guest \(guest.facts.key) (\(guest.facts.name)): \(problem)") }
        }
        for host in config.external {
            let source = ConnectionSource.external(name: host.name)
            let password: Secret
            if case .encrypted(let keyPath) = host.password.origin {
                do {
                    password = try decrypt(host.password.secret.value)
                } catch {
                    let line = "\(keyPath): cannot decrypt (\(error))"
                    output.problems.append("external host \(host.name): \(line)")
                    output.blocked += host.protocols.map {
                        BlockedEntry(identity: Self.identity(host, $0), reason: .invalidNotes(line), guestName: host.name)
                    }
                    output.availability[source] = .invalidNotes(diagnostics: [line])
                    continue
                }
            } else {
                password = host.password.secret
            }
            output.desired += externalConnections(host, password: password, settings: settings)
            output.availability[source] = .known
        }
        output.ciphertexts = seen
        output.boundToFormerNames = boundToFormerNames
        return output
    }

    /// The addresses of the notes' `host:` names, when names are allowed at all.
    private func resolvedHosts(_ notes: ParsedNotes, _ settings: DesiredConnectionSettings) -> [String: [IPAddress]] {
        guard settings.trust.allowHostNames else { return [:] }
        var result: [String: [IPAddress]] = [:]
        for host in notes.entries.compactMap(\.host) where result[host] == nil && (try? IPAddress(host)) == nil {
            result[host] = resolveHost(host)
        }
        return result
    }

    private func desiredSettings() throws -> DesiredConnectionSettings {
        var settings = DesiredConnectionSettings(
            connectionName: try NameTemplate(config.sync.connectionName), groupPerGuest: config.sync.groupPerGuest,
            groupName: try NameTemplate(config.sync.groupName),
            wakeOnLANBroadcast: config.network.wol.broadcast.description, wakeOnLANPort: config.network.wol.port,
            defaults: config.sync.defaults)
        settings.trust = config.sync.notes
        settings.sshKeys = config.credentials.sshKeys.mapValues(SSHKeyGrant.init)
        settings.targets = TargetPolicy(allowed: config.network.allowedTargets, ownAddresses: ownAddresses)
        return settings
    }

    private static func identity(_ host: ExternalHost, _ proto: GuestProtocol) -> ConnectionIdentity {
        .external(name: host.name, protocolName: proto.rawValue, username: host.username)
    }

    /// One connection per protocol, under `<rootGroup>/<group>` (else `<rootGroup>/<name>` with
    /// `sync.groupPerGuest`, else the root group itself).
    private func externalConnections(_ host: ExternalHost, password: Secret,
                                     settings: DesiredConnectionSettings) -> [DesiredConnection] {
        host.protocols.map { proto in
            let port = host.port ?? proto.defaultPort
            let variables = TemplateVariables(vmname: host.name, user: host.username, proto: proto, port: port,
                                              vmid: 0, node: "", ip: host.host)
            var parameters = ConnectionParameters([
                GuacamoleParameterName.hostname: host.host,
                GuacamoleParameterName.port: String(port),
                GuacamoleParameterName.username: host.username,
                GuacamoleParameterName.password: password.value,
            ])
            if proto == .rdp { parameters["ignore-cert"] = "true" }
            return DesiredConnection(
                identity: Self.identity(host, proto), name: settings.connectionName.render(variables),
                groupNames: host.group.map { [$0] } ?? (settings.groupPerGuest ? [host.name] : []),
                guestName: host.name, parameters: parameters)
        }
    }

    static func describe(_ availability: GuestAvailability) -> String {
        switch availability {
        case .known: "ok"
        case .nodeOffline(let node): "node \(node) is unreachable; its connections are kept"
        case .invalidNotes(let diagnostics): diagnostics.joined(separator: "; ")
        case .noAddress: "no address found"
        case .statusNotSelected(let status): "\(status), not selected by the status filter; its connections are kept"
        case .clusterNotConfigured(let cluster): "\(cluster) is not in the config; its connections are kept"
        case .clusterUnreadable(let cluster): "\(cluster) could not be read; its connections are kept"
        }
    }
}
