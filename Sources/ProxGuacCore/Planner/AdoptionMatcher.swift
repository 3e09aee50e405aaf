/// Finds connections made by Proxmox-Guacamole-Sync (or by hand) that are the same as a desired
/// connection, so `proxguac adopt` can move them under the root group and mark them instead of the
/// first sync creating duplicates.
///
/// That tool named connections `{user}@{vmname}-{proto}` (or the entry's `confName`) and put them at
/// ROOT or in a group named after the VM, with no marker. A candidate matches a desired connection when:
/// - it is not managed yet (outside the root group, or unidentified inside it),
/// - it sits at ROOT, in a group named like the guest, or inside the root group,
/// - its name is the desired name or `{user}@{vmname}-{proto}`,
/// - protocol, `hostname` and `port` are all equal, and so is `username` when the connection has one
///   (the original tool wrote VNC connections without one). A name alone is never enough;
/// - the hostname is an address proxguac itself found for the guest (`foundAddresses`: agent, LXC
///   interfaces, static config, neighbour table or sweep), never one a notes `host:` names: notes are
///   written by anyone with VM.Config.Options on one guest and must not steer adopt onto any connection.
/// Desired identities that already have a managed connection are not offered.
public enum AdoptionMatcher {
    public struct Match: Sendable, Hashable {
        public let desired: DesiredConnection
        /// The connection to adopt.
        public let connection: ObservedConnection
        /// Where it is now.
        public let currentPath: GroupPath
    }

    public struct Result: Sendable, Hashable {
        /// At most one match per desired identity and per connection, sorted by identity.
        public let matches: [Match]
        /// Desired identities with several equal candidates (the lowest identifier was taken), one line each.
        public let notices: [String]
    }

    /// - Parameter foundAddresses: per guest (cluster and vmid), the address proxguac found itself; a guest entry whose
    ///   hostname is not that address is not offered. External hosts (from the config) need none.
    public static func match(desired: [DesiredConnection], observed: [ObservedConnection], groups: [ObservedGroup],
                             state: SyncState = .empty, rootGroup: String, foundAddresses: [GuestKey: String]? = nil) -> Result {
        let tree = GroupTree(groups: groups, rootName: rootGroup)
        let managed = ManagedConnections(observed: observed, tree: tree, state: state)
        let desired = desired.filter { wanted in
            guard let foundAddresses, let guest = wanted.identity.source.guest else { return true }
            return foundAddresses[guest] != nil && foundAddresses[guest] == wanted.parameters[GuacamoleParameterName.hostname]
        }
        let unidentifiedInRoot = Set(managed.unidentified.map(\.identifier))
        var candidates: [Key: [ObservedConnection]] = [:]
        for connection in observed where !tree.isManaged(connection.parentIdentifier) || unidentifiedInRoot.contains(connection.identifier) {
            candidates[Key(connection.fields), default: []].append(connection)
        }

        func fitting(_ wanted: DesiredConnection) -> [ObservedConnection] {
            Set([wanted.name, legacyName(wanted)]).flatMap { name in
                candidates[Key(wanted.fields, name: name)] ?? []
            }.filter { connection in
                isPlausiblePlace(connection, for: wanted, tree: tree) && usernameAgrees(connection, wanted)
            }
        }
        let open = desired.sorted(by: { $0.identity < $1.identity }).filter { managed.copiesByIdentity[$0.identity] == nil }
        // A connection that fits guests of two clusters (same guest name and address in both) is never adopted on a guess.
        var claimants: [String: Set<GuestKey>] = [:]
        var byIdentifier: [String: ObservedConnection] = [:]
        for wanted in open {
            guard let guest = wanted.identity.source.guest else { continue }
            for connection in fitting(wanted) {
                claimants[connection.identifier, default: []].insert(guest)
                byIdentifier[connection.identifier] = connection
            }
        }
        let ambiguous = claimants.filter { Set($0.value.map(\.cluster)).count > 1 }

        var taken: Set<String> = Set(ambiguous.keys)
        var matches: [Match] = []
        var notices: [String] = ambiguous.sorted { ManagedConnections.identifierOrder($0.key, $1.key) }.map { identifier, guests in
            "#\(identifier) \(byIdentifier[identifier]?.name ?? ""): fits guests of several clusters (\(guests.sorted().map(\.description).joined(separator: ", "))): "
                + "not adopted; rename it, or delete it and let `proxguac auto` create each cluster's own"
        }
        for wanted in open {
            var found = fitting(wanted).filter { !taken.contains($0.identifier) }
            guard !found.isEmpty else { continue }
            found.sort { ManagedConnections.identifierOrder($0.identifier, $1.identifier) }
            if found.count > 1 {
                notices.append("\(wanted.identity): \(found.count) matching connections (\(found.map { "#\($0.identifier)" }.joined(separator: ", "))); adopting #\(found[0].identifier)")
            }
            taken.insert(found[0].identifier)
            matches.append(Match(desired: wanted, connection: found[0], currentPath: tree.path(of: found[0].parentIdentifier)))
        }
        return Result(matches: matches, notices: notices)
    }

    /// Proxmox-Guacamole-Sync's default name: `{user}@{vmname}-{proto}`.
    static func legacyName(_ connection: DesiredConnection) -> String {
        "\(connection.identity.username)@\(connection.guestName)-\(connection.identity.protocolName)"
    }

    /// A connection with a username must have the entry's; one without (the original's VNC connections) may be taken.
    private static func usernameAgrees(_ connection: ObservedConnection, _ wanted: DesiredConnection) -> Bool {
        guard let existing = connection.parameters[GuacamoleParameterName.username], !existing.isEmpty else { return true }
        return existing == wanted.identity.username
    }

    private static func isPlausiblePlace(_ connection: ObservedConnection, for wanted: DesiredConnection, tree: GroupTree) -> Bool {
        let parent = connection.parentIdentifier
        return parent == guacamoleRootIdentifier || tree.isManaged(parent) || tree.path(of: parent).last == wanted.guestName
    }

    /// What must be equal: name, protocol, hostname and port.
    private struct Key: Hashable {
        let name: String
        let protocolName: String
        let hostname: String?
        let port: String?

        init(_ fields: ConnectionFields, name: String? = nil) {
            self.name = name ?? fields.name
            protocolName = fields.protocolName
            hostname = fields.parameters[GuacamoleParameterName.hostname]
            port = fields.parameters[GuacamoleParameterName.port]
        }
    }
}
