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

    /// - Parameter foundAddresses: per guest (vmid), the address proxguac found itself; a guest entry whose
    ///   hostname is not that address is not offered. External hosts (from the config) need none.
    public static func match(desired: [DesiredConnection], observed: [ObservedConnection], groups: [ObservedGroup],
                             state: SyncState = .empty, rootGroup: String, foundAddresses: [Int: String]? = nil) -> Result {
        let tree = GroupTree(groups: groups, rootName: rootGroup)
        let managed = ManagedConnections(observed: observed, tree: tree, state: state)
        let desired = desired.filter { wanted in
            guard let foundAddresses, let vmid = wanted.identity.vmid else { return true }
            return foundAddresses[vmid] != nil && foundAddresses[vmid] == wanted.parameters[GuacamoleParameterName.hostname]
        }
        let unidentifiedInRoot = Set(managed.unidentified.map(\.identifier))
        var candidates: [Key: [ObservedConnection]] = [:]
        for connection in observed where !tree.isManaged(connection.parentIdentifier) || unidentifiedInRoot.contains(connection.identifier) {
            candidates[Key(connection.fields), default: []].append(connection)
        }

        var taken: Set<String> = []
        var matches: [Match] = []
        var notices: [String] = []
        for wanted in desired.sorted(by: { $0.identity < $1.identity }) where managed.copiesByIdentity[wanted.identity] == nil {
            let names = [wanted.name, legacyName(wanted)]
            var found = Set(names).flatMap { name in
                candidates[Key(wanted.fields, name: name)] ?? []
            }.filter { connection in
                !taken.contains(connection.identifier) && isPlausiblePlace(connection, for: wanted, tree: tree)
                    && usernameAgrees(connection, wanted)
            }
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
