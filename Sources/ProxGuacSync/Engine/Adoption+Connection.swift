import Foundation
import ProxGuacCore

extension Adoption {
    /// `adopt --connection ID`: when several connections under the root group carry one marker (a copy made
    /// by hand with Guacamole's "Clone") and the state names none of them, names the managed one: the state
    /// records its id (with its current fields as the last-sync baseline), the others stay copies made by hand.
    /// The caller holds the run lock. Changes nothing in Guacamole.
    public func name(connection identifier: String) async throws -> ConnectionIdentity {
        let run = try await engine.plan(resolution: .report)
        let managedGroups = GuacamoleSnapshotLoader.managedGroups(run.guacamole.groups, rootGroup: engine.config.sync.rootGroup)
        guard let connection = run.guacamole.connections.first(where: { $0.identifier == identifier }),
              managedGroups.contains(connection.parentIdentifier) else {
            throw AdoptionError("connection #\(identifier) is not under \"\(engine.config.sync.rootGroup)\"; `proxguac list --verbose` shows the ids")
        }
        guard let identity = connection.markedIdentity else {
            throw AdoptionError("connection #\(identifier) has no proxguac-id marker; run `proxguac adopt` (without --connection) to take unmarked connections over")
        }
        var state = run.state
        let hash = connection.fields.hash
        state.records[identity] = SyncState.Record(guacIdentifier: identifier, desiredHash: hash, observedHash: hash, lastSync: Date())
        if let server = run.server { state.server = server }
        try engine.saveState(state)
        var problems: [String] = []
        engine.openAuditLog(problems: &problems)?.append(AuditRecord(
            action: "adopt", target: "#\(identifier) \(connection.name) [\(identity)]", fields: ["state"], result: "ok",
            message: "named the managed copy"))
        return identity
    }
}

/// `adopt --connection` cannot name that connection (one line, with the fix).
public struct AdoptionError: UserFacingError {
    public let description: String
    public var exitCode: Int32 { ExitStatus.usage }

    init(_ description: String) {
        self.description = description
    }
}
