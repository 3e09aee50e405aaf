import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// Appends a credential entry (user, password, protocols) to guests' notes, each write protected by the
/// config digest; the password is encrypted and bound to its guest and user (v2) when `encryption.keyFile`
/// is set. Used by `add --user --protocols --password-file` and by the menus' Add screen.
struct NotesEntryWriter {
    let engine: SyncEngine

    /// What was (or would be) written into one guest's notes.
    struct Written: Sendable {
        let vmid: Int
        let encrypted: Bool
    }

    /// Writes (or with `dryRun` only checks) the entry into each of these guests' notes.
    /// - Throws: `CommandFailure.usage` when a guest's notes refuse the entry (e.g. it is already there).
    func write(user: String, password plain: Secret, protocols: [GuestProtocol], vmids: Set<Int>,
               dryRun: Bool = false) async throws -> [Written] {
        let cipher = engine.config.encryption.keyOrigin != nil ? try PasswordCipher.load(engine.config.encryption) : nil
        let rewriter = GuestNotesRewriter(client: engine.proxmox)
        var done: [Written] = []
        for guest in try await engine.proxmox.guests() where vmids.contains(guest.vmid) {
            // Encrypted values are bound to their guest and user (v2): copied elsewhere they do not open.
            let password: PasswordSource = try cipher.map {
                .encrypted(try $0.encrypt(plain, boundTo: CiphertextBinding(vmid: guest.vmid, user: user)))
            } ?? .plain(plain)
            let written: Bool = try await rewriter.rewrite(guest.reference, write: !dryRun) { text in
                do {
                    return (try NotesEntryAppender.appending(user: user, password: password, protocols: protocols, to: text), true)
                } catch {
                    throw CommandFailure.usage("guest \(guest.vmid): \(error)")
                }
            }
            if written { done.append(Written(vmid: guest.vmid, encrypted: password.isEncrypted)) }
        }
        return done
    }
}
