import ProxGuacCore
import ProxGuacHTTP

/// `--pull`: writes Guacamole's values back into a guest's notes, guarded by the config digest.
/// On a digest mismatch (someone edited the config meanwhile) it re-reads and retries, up to 3 times.
public struct NotesPullWriter: Sendable {
    public let client: ProxmoxClient
    /// Where each guest lives (by VM id).
    public let guests: [Int: GuestReference]

    public static let attempts = 3

    public init(client: ProxmoxClient, guests: [Int: GuestReference]) {
        self.client = client
        self.guests = guests
    }

    public func pull(_ changes: [FieldChange], into identity: ConnectionIdentity) async throws {
        guard case .proxmox(let vmid) = identity.source, let guest = guests[vmid] else {
            throw ApplyStepError("\(identity) is not a Proxmox guest; edit the config instead")
        }
        guard let proto = GuestProtocol(rawValue: identity.protocolName) else {
            throw ApplyStepError("protocol \(identity.protocolName) cannot be written into notes")
        }
        for attempt in 1...Self.attempts {
            let config = try await client.config(of: guest)
            guard let digest = config.digest else { throw ApplyStepError("Proxmox VE sent no config digest for \(guest)") }
            let text = config.description ?? ""
            let entry = NotesParser.parse(text).entry(username: identity.username, proto: proto)
            let updated = try NotesRewriter.update(
                text, username: identity.username, proto: proto,
                with: Self.entryChanges(changes, current: entry?.parameters(for: proto) ?? []))
            guard updated != text else { return }
            guard let error = await write(updated, to: guest, digest: digest) else { return }
            guard Self.isDigestMismatch(error), attempt < Self.attempts else { throw error }
        }
    }

    /// Writes the notes; returns the error instead of throwing it.
    private func write(_ notes: String, to guest: GuestReference, digest: String) async -> ProxmoxError? {
        do throws(ProxmoxError) {
            try await client.setNotes(notes, of: guest, digest: digest)
            return nil
        } catch {
            return error
        }
    }

    static func isDigestMismatch(_ error: ProxmoxError) -> Bool {
        if case .configChanged = error { return true }
        return false
    }

    /// Maps changed Guacamole fields onto the notes entry's fields.
    static func entryChanges(_ changes: [FieldChange], current: [GuacamoleParameter]) -> EntryChanges {
        var result = EntryChanges()
        var settings = Dictionary(current.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        var settingsChanged = false
        for change in changes {
            switch change.field {
            case GuacamoleParameterName.username: result.username = change.value
            case GuacamoleParameterName.password: result.password = change.value.map { .plain(Secret($0)) }
            case GuacamoleParameterName.port: result.port = change.value.flatMap { Int($0) }
            case GuacamoleParameterName.hostname, GuacamoleParameterName.marker: continue
            default:
                settings[change.field] = change.value
                settingsChanged = true
            }
        }
        if settingsChanged {
            result.settings = settings.sorted { $0.key < $1.key }.map { GuacamoleParameter(name: $0.key, value: $0.value) }
        }
        return result
    }
}
