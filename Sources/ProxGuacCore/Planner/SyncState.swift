import Foundation

/// What proxguac remembers between runs (the state file, `sync.stateFile`), per identity: the Guacamole
/// identifier and the hashes of the synced fields as pushed (desired) and as observed after the push.
/// Comparing today's hashes with these tells which side changed (three-way drift, see `Planner`).
///
/// JSON form (version 1), written by ProxGuacSync with `AtomicFile`:
///
///     {"version": 1,
///      "connections": {"pve:100:rdp:admin": {"guacIdentifier": "7", "desiredHash": "<64 hex>",
///                                            "observedHash": "<64 hex>", "lastSync": "2026-01-02T03:04:05Z"}}}
public struct SyncState: Sendable, Hashable, Codable {
    public static let currentVersion = 1

    public struct Record: Sendable, Hashable, Codable {
        public var guacIdentifier: String
        public var desiredHash: FieldHash
        public var observedHash: FieldHash
        public var lastSync: Date
        /// The guest's address (the connection's hostname) when the connection was last applied; used when the
        /// guest has no address and its connection is gone from Guacamole too. nil in older files (then not written).
        public var address: String?

        public init(guacIdentifier: String, desiredHash: FieldHash, observedHash: FieldHash, lastSync: Date, address: String? = nil) {
            self.guacIdentifier = guacIdentifier
            self.desiredHash = desiredHash
            self.observedHash = observedHash
            self.lastSync = lastSync
            self.address = address
        }

        private enum CodingKeys: String, CodingKey { case guacIdentifier, desiredHash, observedHash, lastSync, address }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guacIdentifier = try container.decode(String.self, forKey: .guacIdentifier)
            desiredHash = try container.decode(FieldHash.self, forKey: .desiredHash)
            observedHash = try container.decode(FieldHash.self, forKey: .observedHash)
            let text = try container.decode(String.self, forKey: .lastSync)
            guard let date = Self.date(iso8601: text) else {
                throw DecodingError.dataCorruptedError(forKey: .lastSync, in: container,
                                                       debugDescription: "lastSync \"\(text)\" is not an ISO 8601 date")
            }
            lastSync = date
            address = try container.decodeIfPresent(String.self, forKey: .address)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(guacIdentifier, forKey: .guacIdentifier)
            try container.encode(desiredHash, forKey: .desiredHash)
            try container.encode(observedHash, forKey: .observedHash)
            try container.encode(Self.iso8601(lastSync), forKey: .lastSync)
            try container.encodeIfPresent(address, forKey: .address)
        }
    }

    public var version: Int
    public var records: [ConnectionIdentity: Record]
    /// The last sweep's answers (issue 17), written by applying runs only; not part of the `Codable` form.
    public var sweepMemo: SweepMemo?
    /// The server the records belong to and what proxguac owns there (nil in older state files). Read and
    /// written by the state file codec (`stateFileBytes`); the `Codable` form leaves it out.
    public var server: SyncStateServer?
    /// Where unbound encrypted passwords were last seen (see ``CiphertextSightings``); carried from run to run.
    public var ciphertexts = CiphertextSightings()

    public init(records: [ConnectionIdentity: Record] = [:]) {
        self.version = Self.currentVersion
        self.records = records
    }

    /// An empty state (first run, or the state file was lost).
    public static let empty = SyncState()

    /// The identity whose record points at a Guacamole identifier (fallback identification).
    public func identity(forGuacIdentifier identifier: String) -> ConnectionIdentity? {
        records.first { $0.value.guacIdentifier == identifier }?.key
    }

    /// The state after applying `plan`: rows whose actions succeeded record their new hashes (or are
    /// removed), rows of `failed` identities keep their previous record, and identities that appear
    /// in no row are forgotten (gone from both sides).
    /// - Parameters:
    ///   - createdIdentifiers: identifiers Guacamole returned for created connections.
    ///   - failed: identities whose actions failed (their old record is kept).
    public func updated(after plan: Plan, createdIdentifiers: [ConnectionIdentity: String],
                        failed: Set<ConnectionIdentity> = [], at date: Date) -> SyncState {
        var next = SyncState()
        next.ciphertexts = ciphertexts
        for row in plan.rows {
            let previous = records[row.identity]
            if failed.contains(row.identity) {
                next.records[row.identity] = previous
                continue
            }
            switch row.stateUpdate {
            case .keep:
                next.records[row.identity] = previous
            case .remove:
                break
            case .record(let identifier, let desiredHash, let observedHash):
                guard let identifier = identifier ?? createdIdentifiers[row.identity] else {
                    next.records[row.identity] = previous
                    continue
                }
                next.records[row.identity] = Record(guacIdentifier: identifier, desiredHash: desiredHash,
                                                    observedHash: observedHash, lastSync: date)
            }
        }
        next.server = server
        return next
    }

    private enum CodingKeys: String, CodingKey { case version, connections }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        guard version == Self.currentVersion else { throw SyncStateError.unsupportedVersion(version) }
        let byKey = try container.decode([String: Record].self, forKey: .connections)
        var records: [ConnectionIdentity: Record] = [:]
        for (key, record) in byKey {
            do {
                records[try IdentityMarker.parseKey(key)] = record
            } catch {
                throw SyncStateError.badIdentity(error)
            }
        }
        self.records = records
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        let byKey = Dictionary(uniqueKeysWithValues: records.map { ($0.key.key, $0.value) })
        try container.encode(byKey, forKey: .connections)
    }
}

/// A state file this proxguac cannot use. Deleting the file is always safe: identities are recovered
/// from the markers in Guacamole (differences then count as `pve-changed`).
public enum SyncStateError: UserFacingError, Equatable {
    case unsupportedVersion(Int)
    case badIdentity(IdentityMarkerError)

    public var exitCode: Int32 { ExitStatus.failure }

    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "state file version \(version) is not supported (this proxguac reads version \(SyncState.currentVersion)): upgrade proxguac or delete the state file (identities are recovered from Guacamole)"
        case .badIdentity(let error):
            "state file has an unreadable identity \"\(error.text)\" (\(error.problem)): delete the state file (identities are recovered from Guacamole)"
        }
    }
}
