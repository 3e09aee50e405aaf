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
    }

    public let engine: SyncEngine

    public init(engine: SyncEngine) {
        self.engine = engine
    }

    /// The matches, without changing anything.
    public func matches() async throws -> (run: SyncRun, result: AdoptionMatcher.Result) {
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
                protocolName: connection.fields.protocolName, parameters: ConnectionParameters(parameters)))
        }
        // Only addresses proxguac found itself (never a notes `host:`) may steer adopt onto a connection.
        let found = Dictionary(run.guests.compactMap { guest in guest.facts.address.map { (guest.facts.vmid, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let result = AdoptionMatcher.match(desired: run.desired, observed: observed, groups: run.guacamole.groups,
                                           state: run.state, rootGroup: engine.config.sync.rootGroup, foundAddresses: found)
        return (run, result)
    }

    /// Marks and moves every match into the root group (created when missing).
    public func adopt() async throws -> Outcome {
        let (run, result) = try await matches()
        var outcome = Outcome(notices: result.notices)
        guard !result.matches.isEmpty else { return outcome }
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
            let moved = GuacamoleConnection(
                identifier: match.connection.identifier, name: match.connection.name, parentIdentifier: rootIdentifier,
                protocol: match.connection.fields.protocolName, parameters: parameters)
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
        return outcome
    }
}
