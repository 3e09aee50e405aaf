import ProxGuacCore
import ProxGuacHTTP

/// `proxguac adopt`: takes over connections made by Proxmox-Guacamole-Sync (or by hand) that match a
/// credential entry, so the first sync neither duplicates nor deletes them.
///
/// Candidates are unmanaged connections whose name is the entry's name or `{user}@{vmname}-{proto}`;
/// their parameters are read and `AdoptionMatcher` decides (name plus protocol, hostname and port). An
/// adopted connection keeps every parameter, gains the `proxguac-id` marker and moves into the root
/// group; the next `auto` then files it under its guest's group and pushes any remaining difference.
public struct Adoption: Sendable {
    public struct Outcome: Sendable {
        public var adopted: [AdoptionMatcher.Match] = []
        public var failures: [String] = []
        public var notices: [String] = []
        /// What was not taken, the groups left empty, and the preset the adopted connections carry.
        public var leftovers = AdoptionLeftovers()
        /// Groups `--remove-empty-groups` removed.
        public var removedGroups: [ObservedGroup] = []
    }

    public let engine: SyncEngine

    public init(engine: SyncEngine) {
        self.engine = engine
    }

    /// The matches, without changing anything.
    public func matches() async throws -> (run: SyncRun, result: AdoptionMatcher.Result) {
        let (run, result, _) = try await survey()
        return (run, result)
    }

    /// The matches, and the connections as compared (candidates with their parameters read).
    public func survey() async throws -> (run: SyncRun, result: AdoptionMatcher.Result, observed: [ObservedConnection]) {
        let run = try await engine.plan(resolution: .report)
        let wantedNames = Set(run.desired.flatMap { [$0.name, "\($0.identity.username)@\($0.guestName)-\($0.identity.protocolName)"] })
        var observed: [ObservedConnection] = []
        for connection in run.guacamole.connections {
            guard connection.parameters.isEmpty, wantedNames.contains(connection.name) else {
                observed.append(connection)
                continue
            }
            let parameters = (try? await engine.guacamole.connectionParameters(connection.identifier)) ?? [:]
            observed.append(ObservedConnection(
                identifier: connection.identifier, name: connection.name, parentIdentifier: connection.parentIdentifier,
                protocolName: connection.fields.protocolName, parameters: ConnectionParameters(parameters),
                attributes: connection.fields.attributes))
        }
        // Only addresses proxguac found itself (never a notes `host:`) may steer adopt onto a connection.
        let found = Dictionary(run.guests.compactMap { guest in guest.facts.address.map { (guest.facts.key, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let result = AdoptionMatcher.match(desired: run.desired, observed: observed, groups: run.guacamole.groups,
                                           state: run.state, rootGroup: engine.config.sync.rootGroup, foundAddresses: found)
        return (run, result, observed)
    }

    /// What adopting `adopted` (connection identifiers) leaves behind.
    public func leftovers(_ run: SyncRun, _ result: AdoptionMatcher.Result, observed: [ObservedConnection],
                          adopted: Set<String>) -> AdoptionLeftovers {
        AdoptionLeftovers.compute(
            desired: run.desired, observed: observed, groups: run.guacamole.groups, matches: result.matches,
            adopted: adopted, guestNames: Set(run.guests.map(\.facts.name)), rootGroup: engine.config.sync.rootGroup,
            configuredPreset: engine.config.sync.defaults.preset)
    }

    /// Marks and moves every match into the root group (created when missing); with `removeEmptyGroups`, then
    /// deletes the groups it lists as left empty (each checked empty again right before).
    public func adopt(removeEmptyGroups: Bool = false) async throws -> Outcome {
        let (run, result, observed) = try await survey()
        var outcome = Outcome(notices: result.notices)
        guard !result.matches.isEmpty else {
            outcome.leftovers = leftovers(run, result, observed: observed, adopted: [])
            if removeEmptyGroups { await removeEmpty(&outcome) }
            return outcome
        }
        let audit = engine.openAuditLog(problems: &outcome.failures)
        let rootName = engine.config.sync.rootGroup
        let rootIdentifier: String
        if let existing = run.guacamole.groups.first(where: { $0.parentIdentifier == guacamoleRootIdentifier && $0.name == rootName }) {
            rootIdentifier = existing.identifier
        } else {
            let created = try await engine.guacamole.createConnectionGroup(GuacamoleConnectionGroup(name: rootName))
            guard let identifier = created.identifier else {
                throw GuacamoleError.unexpectedResponse(request: "create group \(rootName)", detail: "no identifier")
            }
            rootIdentifier = identifier
        }
        for match in result.matches {
            var parameters = match.connection.parameters.values
            parameters[IdentityMarker.parameterName] = IdentityMarker.encode(match.desired.identity)
            // Attributes are sent back as read: a PUT replaces them, and the original set max-connections.
            let moved = GuacamoleConnection(
                identifier: match.connection.identifier, name: match.connection.name, parentIdentifier: rootIdentifier,
                protocol: match.connection.fields.protocolName, parameters: parameters,
                attributes: match.connection.fields.attributes.mapValues { Optional($0) })
            let target = "#\(match.connection.identifier) \(match.connection.name) [\(match.desired.identity)]"
            audit?.append(AuditRecord(action: "adopt", target: target, fields: [IdentityMarker.parameterName, "parent"], result: "intent"))
            do {
                try await engine.guacamole.updateConnection(match.connection.identifier, to: moved)
                outcome.adopted.append(match)
                audit?.append(AuditRecord(action: "adopt", target: target, fields: [IdentityMarker.parameterName, "parent"], result: "ok"))
            } catch {
                outcome.failures.append("#\(match.connection.identifier) \(match.connection.name): \(error)")
                audit?.append(AuditRecord(action: "adopt", target: target, result: "failed", message: "\(error)"))
            }
        }
        if let failure = audit?.failure { outcome.failures.append(failure) }
        outcome.leftovers = leftovers(run, result, observed: observed,
                                      adopted: Set(outcome.adopted.map(\.connection.identifier)))
        if removeEmptyGroups { await removeEmpty(&outcome) }
        return outcome
    }

    /// Deletes exactly the listed empty groups, after reading Guacamole again: a group that gained a
    /// connection or a subgroup meanwhile is kept (deleting a group deletes what it holds).
    private func removeEmpty(_ outcome: inout Outcome) async {
        guard !outcome.leftovers.emptyGroups.isEmpty else { return }
        let connections: [String: GuacamoleConnection]
        let groups: [String: GuacamoleConnectionGroup]
        do {
            connections = try await engine.guacamole.connections()
            groups = try await engine.guacamole.connectionGroups()
        } catch {
            outcome.failures.append("cannot re-read Guacamole before removing empty groups (\(error)); none removed")
            return
        }
        let occupied = Set(connections.values.compactMap(\.parentIdentifier)).union(groups.values.compactMap(\.parentIdentifier))
        let audit = engine.openAuditLog(problems: &outcome.failures)
        for group in outcome.leftovers.emptyGroups {
            guard !occupied.contains(group.identifier) else {
                outcome.notices.append("group #\(group.identifier) \(group.name) is no longer empty: kept")
                continue
            }
            do {
                try await engine.guacamole.deleteConnectionGroup(group.identifier)
                outcome.removedGroups.append(group)
                audit?.append(AuditRecord(action: "delete-group", target: "#\(group.identifier) \(group.name)", result: "ok"))
            } catch {
                outcome.failures.append("group #\(group.identifier) \(group.name): \(error)")
                audit?.append(AuditRecord(action: "delete-group", target: "#\(group.identifier) \(group.name)", result: "failed",
                                          message: "\(error)"))
            }
        }
    }
}
