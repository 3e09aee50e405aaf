import Foundation

/// The state file's text, written and read directly (no `Codable` machinery: a state of 2,000 records
/// took 15–30 ms through `JSONEncoder`/`JSONDecoder`, a few ms this way).
///
/// The output is byte for byte what `JSONEncoder` with `[.prettyPrinted, .sortedKeys]` writes for
/// `SyncState` (two-space indent, `"key" : value`, keys in UTF-8 order, `/` escaped as `\/`), so files
/// written by earlier versions and by this one read the same both ways and diff cleanly.
extension SyncState {
    /// The state file's bytes (UTF-8 JSON, no trailing newline).
    public func stateFileBytes() -> [UInt8] {
        var out = JSONByteWriter(reservingCapacity: 1 << 16, escaping: .jsonEncoder)
        let entries = Array(records.values)
        let keys = records.keys.map(\.key)
        let order = keys.indices.sorted { ConnectionParameters.byteOrder(keys[$0], keys[$1]) }
        var dates: [Date: String] = [:]
        out.raw("{")
        ciphertexts.write(to: &out)
        out.raw("\n  \"connections\" : {")
        for (position, index) in order.enumerated() {
            let record = entries[index]
            let lastSync = dates[record.lastSync] ?? Record.iso8601(record.lastSync)
            dates[record.lastSync] = lastSync
            out.raw(position == 0 ? "\n    " : ",\n    ")
            out.string(keys[index])
            out.raw(" : {\n      ")
            if let address = record.address {
                out.raw("\"address\" : ")
                out.string(address)
                out.raw(",\n      ")
            }
            out.raw("\"desiredHash\" : ")
            out.string(record.desiredHash.hex)
            out.raw(",\n      \"guacIdentifier\" : ")
            out.string(record.guacIdentifier)
            out.raw(",\n      \"lastSync\" : ")
            out.string(lastSync)
            out.raw(",\n      \"observedHash\" : ")
            out.string(record.observedHash.hex)
            out.raw("\n    }")
        }
        out.raw(order.isEmpty ? "\n\n  }" : "\n  }")
        server?.write(to: &out)
        sweepMemo?.write(to: &out)
        out.raw(",\n  \"version\" : ")
        out.raw(String(version))
        out.raw("\n}")
        return out.bytes
    }

    /// Reads a state file (any JSON layout: earlier versions' files, hand-edited ones).
    /// - Throws: `SyncStateError` for a version or identity this proxguac cannot use,
    ///   `SyncStateFileError` when the bytes are not a state file at all.
    public init(stateFileBytes bytes: [UInt8]) throws {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw SyncStateFileError("it is not UTF-8 text") }
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw SyncStateFileError("line \(error.line), column \(error.column): \(error.message)")
        }
        let top = try Self.members(of: document, "the document")
        guard case .number(let literal)? = top["version"], let version = Int(literal) else {
            throw SyncStateFileError("\"version\" is missing or not a whole number")
        }
        guard version == Self.currentVersion else { throw SyncStateError.unsupportedVersion(version) }
        guard case .object(let connections)? = top["connections"] else {
            throw SyncStateFileError("\"connections\" is missing or not an object")
        }
        var records: [ConnectionIdentity: Record] = [:]
        records.reserveCapacity(connections.count)
        var dates: [String: Date] = [:]
        for member in connections {
            let fields = try Self.members(of: member.value, "connection \"\(member.key)\"")
            func text(_ name: String) throws(SyncStateFileError) -> String {
                guard case .string(let value)? = fields[name] else {
                    throw SyncStateFileError("connection \"\(member.key)\": \"\(name)\" is missing or not a string")
                }
                return value
            }
            let lastSyncText = try text("lastSync")
            guard let lastSync = dates[lastSyncText] ?? Record.date(iso8601: lastSyncText) else {
                throw SyncStateFileError("connection \"\(member.key)\": lastSync \"\(lastSyncText)\" is not an ISO 8601 date")
            }
            dates[lastSyncText] = lastSync
            var record = Record(guacIdentifier: try text("guacIdentifier"), desiredHash: FieldHash(hex: try text("desiredHash")),
                                observedHash: FieldHash(hex: try text("observedHash")), lastSync: lastSync)
            if case .string(let address)? = fields["address"], !address.isEmpty { record.address = address }
            do {
                records[try IdentityMarker.parseKey(member.key)] = record
            } catch {
                throw SyncStateError.badIdentity(error)
            }
        }
        self.init(records: records)
        sweepMemo = top["sweep"].flatMap(SweepMemo.init(json:))
        server = top["server"].flatMap(SyncStateServer.init)
        ciphertexts = try CiphertextSightings(stateFileValue: top["ciphertexts"])
        if case .string(let name)? = top[CiphertextSightings.unnamedClusterMember] { ciphertexts.unnamedBecame = ClusterName(name) }
    }

    private static func members(of value: JSONValue, _ what: String) throws(SyncStateFileError) -> Members {
        guard case .object(let members) = value else { throw SyncStateFileError("\(what) is not a JSON object") }
        return Members(members: members)
    }

    /// An object's members by key; a linear search beats building a dictionary for a handful of keys.
    private struct Members {
        let members: [JSONMember]

        subscript(key: String) -> JSONValue? { members.last { $0.key == key }?.value }
    }
}

extension SyncState.Record {
    /// `lastSync` as written in the state file, e.g. `2026-01-02T03:04:05Z`.
    static func iso8601(_ date: Date) -> String { date.formatted(.iso8601) }

    static func date(iso8601 text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// A state file that is not JSON of the expected shape (the caller names the file and the fix).
public struct SyncStateFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
