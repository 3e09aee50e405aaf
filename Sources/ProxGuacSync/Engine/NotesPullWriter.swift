import ProxGuacCore
import ProxGuacHTTP

/// `--pull`: writes Guacamole's values back into a guest's notes, guarded by the config digest.
/// On a digest mismatch (someone edited the config meanwhile) it re-reads and retries (``GuestNotesRewriter``).
public struct NotesPullWriter: Sendable {
    /// Each configured cluster's client (the key nil: the single unnamed cluster).
    public let clients: [ClusterName?: ProxmoxClient]
    /// Where each guest lives (by cluster and VM id).
    public let guests: [GuestKey: GuestReference]
    /// Encrypts a pulled password for the notes, bound to its guest and user; nil when no encryption key is configured.
    public let encryptPassword: (@Sendable (Secret, CredentialPlace) throws -> String?)?

    public static let attempts = GuestNotesRewriter.attempts

    /// Fields of a `key:` entry that come from the config and are never pulled into notes.
    static let keyFields: Set<String> = [GuacamoleParameterName.password, SSHKeyGrant.privateKeyParameter,
                                         SSHKeyGrant.passphraseParameter]

    public init(clients: [ClusterName?: ProxmoxClient], guests: [GuestKey: GuestReference],
                encryptPassword: (@Sendable (Secret, CredentialPlace) throws -> String?)? = nil) {
        self.clients = clients
        self.guests = guests
        self.encryptPassword = encryptPassword
    }

    public func pull(_ changes: [FieldChange], into identity: ConnectionIdentity) async throws {
        guard let key = identity.source.guest, let guest = guests[key], let client = clients[key.cluster] else {
            throw ApplyStepError("\(identity) is not a Proxmox guest; edit the config instead")
        }
        guard let proto = GuestProtocol(rawValue: identity.protocolName) else {
            throw ApplyStepError("protocol \(identity.protocolName) cannot be written into notes")
        }
        let encryptPassword = self.encryptPassword
        try await GuestNotesRewriter(client: client).rewrite(guest) { text in
            let entry = NotesParser.parse(text).entry(username: identity.username, proto: proto)
            if let name = entry?.password.sshKeyName,
               changes.contains(where: { Self.keyFields.contains($0.field) }) {
                // Never write key material (or a password) into notes: the key comes from the config.
                throw ApplyStepError("the entry takes its SSH key from credentials.sshKeys.\(name): a key or password "
                    + "changed in Guacamole is not written into notes; resolve it with --push")
            }
            var entryChanges = Self.entryChanges(changes, current: entry?.parameters(for: proto) ?? [])
            if case .plain(let secret)? = entryChanges.password {
                let place = CredentialPlace(cluster: key.cluster, vmid: key.vmid, user: entryChanges.username ?? identity.username)
                // nil: no key for this guest's cluster.
                let sealed = try encryptPassword?(secret, place) ?? nil
                entryChanges.password = try Self.stored(secret, encrypt: sealed.map { value in { _ in value } },
                                                        entryIsEncrypted: entry?.password.isEncrypted ?? false)
            }
            let updated = try NotesRewriter.update(text, username: identity.username, proto: proto, with: entryChanges)
            return (updated, ())
        }
    }

    /// How a pulled password goes into the notes: encrypted whenever a key is configured; in plain text only
    /// when there is no key and the entry already held its password in plain text.
    static func stored(_ secret: Secret, encrypt: ((Secret) throws -> String)?,
                       entryIsEncrypted: Bool) throws -> PasswordSource {
        if let encrypt { return .encrypted(try encrypt(secret)) }
        guard !entryIsEncrypted else {
            throw ApplyStepError("the entry's password is encrypted but no encryption key is configured; set encryption.keyFile to pull it")
        }
        return .plain(secret)
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
