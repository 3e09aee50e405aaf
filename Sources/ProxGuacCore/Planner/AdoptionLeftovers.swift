/// What `proxguac adopt` leaves behind, said out loud (issue #15): the connections in the original tool's
/// places (ROOT, or a group at ROOT named after a guest) that it did not take, each with why; the groups at
/// ROOT named after a guest that end up empty; and whether the adopted connections carry a preset's values.
public struct AdoptionLeftovers: Sendable, Hashable {
    public struct Unmatched: Sendable, Hashable {
        public let connection: ObservedConnection
        public let path: GroupPath
        /// One line: the closest guest or entry and which field differs. Never a secret.
        public let reason: String
    }

    public var unmatched: [Unmatched] = []
    /// Empty groups directly at ROOT named like a guest (what `--remove-empty-groups` removes), by identifier order.
    public var emptyGroups: [ObservedGroup] = []
    /// A preset most adopted connections carry, when the config sets none; nil otherwise.
    public var proposedPreset: ConnectionDefaultsPreset?
    /// How many adopted connections carry `proposedPreset`'s values, and how many were adopted.
    public var presetCarriers = 0
    public var adoptedCount = 0

    public init() {}

    /// - Parameters:
    ///   - adopted: identifiers of the connections actually adopted (moved into the root group).
    ///   - guestNames: names of every guest proxguac reads (also those without entries).
    public static func compute(desired: [DesiredConnection], observed: [ObservedConnection], groups: [ObservedGroup],
                               matches: [AdoptionMatcher.Match], adopted: Set<String>, guestNames: Set<String>,
                               rootGroup: String, configuredPreset: ConnectionDefaultsPreset?) -> AdoptionLeftovers {
        let tree = GroupTree(groups: groups, rootName: rootGroup)
        let guestGroups = Set(groups.filter { $0.parentIdentifier == guacamoleRootIdentifier && guestNames.contains($0.name) }
            .map(\.identifier))
        var leftovers = AdoptionLeftovers()
        let byName = Dictionary(desired.flatMap { wanted in
            Set([wanted.name, AdoptionMatcher.legacyName(wanted)]).map { ($0, wanted) }
        }, uniquingKeysWith: { first, _ in first })
        let matchedIDs = Set(matches.map(\.connection.identifier))
        for connection in observed where !tree.isManaged(connection.parentIdentifier) && !matchedIDs.contains(connection.identifier) {
            let parent = connection.parentIdentifier
            guard parent == guacamoleRootIdentifier || guestGroups.contains(parent) else { continue }
            leftovers.unmatched.append(Unmatched(
                connection: connection, path: tree.path(of: parent),
                reason: reason(for: connection, byName: byName, desired: desired, guestNames: guestNames,
                               groupName: guestGroups.contains(parent) ? tree.path(of: parent).last : nil)))
        }
        leftovers.unmatched.sort { ManagedConnections.identifierOrder($0.connection.identifier, $1.connection.identifier) }

        // Groups at ROOT named like a guest, empty once the adopted connections have moved out.
        let staying = observed.filter { !adopted.contains($0.identifier) }
        let occupied = Set(staying.map(\.parentIdentifier)).union(groups.map(\.parentIdentifier))
        leftovers.emptyGroups = groups.filter { guestGroups.contains($0.identifier) && !occupied.contains($0.identifier) && $0.name != rootGroup }
            .sorted { ManagedConnections.identifierOrder($0.identifier, $1.identifier) }

        let adoptedMatches = matches.filter { adopted.contains($0.connection.identifier) }
        leftovers.adoptedCount = adoptedMatches.count
        if configuredPreset == nil {
            for preset in ConnectionDefaultsPreset.allCases {
                let carriers = adoptedMatches.filter { carries($0, preset) }.count
                if carriers > 0, carriers * 2 >= adoptedMatches.count {
                    leftovers.proposedPreset = preset
                    leftovers.presetCarriers = carriers
                    break
                }
            }
        }
        return leftovers
    }

    /// Whether an adopted connection has every parameter and attribute `preset` sets for its protocol.
    static func carries(_ match: AdoptionMatcher.Match, _ preset: ConnectionDefaultsPreset) -> Bool {
        guard let proto = GuestProtocol(rawValue: match.connection.fields.protocolName) else { return false }
        let user = match.desired.identity.username
        let parameters = preset.parameterPairs(for: proto).allSatisfy { name, value in
            match.connection.parameters[name] == value.replacingOccurrences(of: "{user}", with: user)
        }
        let attributes = preset.attributePairs(for: proto).allSatisfy { name, value in
            match.connection.fields.attributes[name] == value
        }
        return parameters && attributes
    }

    private static func reason(for connection: ObservedConnection, byName: [String: DesiredConnection],
                               desired: [DesiredConnection], guestNames: Set<String>, groupName: String?) -> String {
        if let wanted = byName[connection.name] {
            var differences: [String] = []
            if connection.fields.protocolName != wanted.fields.protocolName {
                differences.append("protocol \(connection.fields.protocolName) (the entry: \(wanted.fields.protocolName))")
            }
            for name in [GuacamoleParameterName.hostname, GuacamoleParameterName.port]
            where connection.parameters[name] != wanted.parameters[name] {
                differences.append("\(name) \(connection.parameters[name] ?? "unset") (the entry: \(wanted.parameters[name] ?? "unset"))")
            }
            if differences.isEmpty {
                return "named like [\(wanted.identity)] of guest \(wanted.guestName), which already has a connection"
            }
            return "named like [\(wanted.identity)] of guest \(wanted.guestName), but \(differences.joined(separator: ", ")) differ"
        }
        let candidates = guestNames.filter { name in
            !name.isEmpty && (connection.name.contains(name) || groupName == name)
        }
        guard let closest = candidates.max(by: { $0.count < $1.count || ($0.count == $1.count && $0 > $1) }) else {
            return "no guest's name appears in its name or group"
        }
        let entries = desired.filter { $0.guestName == closest }
        guard !entries.isEmpty else {
            return "closest guest \(closest) has no usable credential entry"
        }
        let names = entries.map(\.name).sorted().prefix(4).joined(separator: ", ")
        return "closest guest \(closest): no entry gives this name (its entries give \(names))"
    }
}
