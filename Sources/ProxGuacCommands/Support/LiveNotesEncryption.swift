import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacHTTP
import ProxGuacSync
import ProxGuacTUI

/// The menus' "Encrypt passwords in notes" and the offer after Add, over the real Proxmox VE notes:
/// the same digest-protected rewrite as `proxguac encrypt-notes` (``GuestNotesRewriter``), counts only.
struct LiveNotesEncryption: Sendable {
    let client: ProxmoxClient
    let filter: GuestFilter
    let encryption: EncryptionConfig

    /// Counts the plain passwords in the notes of the guests selected by `sync.filter` (and `vmids`).
    func preview(_ vmids: [Int]?) async throws -> NotesEncryptionPreview {
        let guests = try await selectedGuests(vmids)
        let rewriter = GuestNotesRewriter(client: client)
        var found: [PlainPasswordGuest] = []
        var failures: [String] = []
        for guest in guests {
            try Task.checkCancellation()
            do {
                let count = try await rewriter.rewrite(guest.reference, write: false) { text in
                    try Self.migrate(text) { _, _ in "counting only" }
                }
                found.append(PlainPasswordGuest(vmid: guest.vmid, name: Self.name(of: guest), plainPasswords: count))
            } catch {
                failures.append(Self.failure(guest, error))
            }
        }
        var blocker: String?
        do {
            _ = try cipher()
        } catch {
            blocker = error.description
        }
        return NotesEncryptionPreview(guests: found, guestsChecked: guests.count, blocker: blocker, failures: failures)
    }

    /// Encrypts the plain passwords in the notes of `vmids` (within `sync.filter`), one guest at a time.
    /// Each rewritten (or failed) guest is recorded in `audit` as `encrypt-notes` does (counts only, never a value).
    func encrypt(_ vmids: [Int], audit: AuditLog? = nil,
                 progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> NotesEncryptionSummary {
        let cipher = try cipher()
        let guests = try await selectedGuests(vmids)
        let rewriter = GuestNotesRewriter(client: client)
        var summary = NotesEncryptionSummary()
        for (index, guest) in guests.enumerated() {
            progress(ApplyProgress(completed: index, total: guests.count, current: "encrypting \(Self.name(of: guest))"))
            if Task.isCancelled {
                summary.wasCancelled = true
                return summary
            }
            do {
                let count = try await uncancellable {
                    try await rewriter.rewrite(guest.reference) { text in
                        try Self.migrate(text) { password, user in
                            try cipher.encrypt(Secret(password), boundTo: CiphertextBinding(vmid: guest.vmid, user: user))
                        }
                    }
                }
                guard count > 0 else { continue }
                audit?.append(AuditRecord(action: "encrypt-notes", target: "guest \(Self.label(guest))",
                                          fields: ["encrypted_password"], result: "ok", message: "\(count) value(s)"))
                summary.encryptedPasswords += count
                summary.guestsChanged += 1
            } catch {
                let failure = Self.failure(guest, error)
                audit?.append(AuditRecord(action: "encrypt-notes", target: "guest \(Self.label(guest))", result: "failed",
                                          message: SecretRedactor.shared.redact(OneLine.make(String(describing: error)))))
                summary.failures.append(failure)
            }
        }
        progress(ApplyProgress(completed: guests.count, total: guests.count, current: "done"))
        return summary
    }

    private func cipher() throws(CryptoError) -> PasswordCipher {
        try PasswordCipher.load(encryption)
    }

    private func selectedGuests(_ vmids: [Int]?) async throws -> [ProxmoxGuestResource] {
        try await client.guests()
            .filter { filter.includes($0) && (vmids?.contains($0.vmid) ?? true) }
            .sorted { $0.vmid < $1.vmid }
    }

    private static func migrate(_ text: String, encrypt: (String, String) throws -> String) throws -> (text: String, outcome: Int) {
        let migration = try NotesRewriter.encryptPasswords(in: text, encryptFor: encrypt)
        return (migration.text, migration.encryptedEntries)
    }

    /// `101 web01`, as `encrypt-notes` names guests in the audit log.
    private static func label(_ guest: ProxmoxGuestResource) -> String {
        guest.name.map { "\(guest.vmid) \(TerminalText.escaped($0))" } ?? "\(guest.vmid)"
    }

    private static func name(of guest: ProxmoxGuestResource) -> String { TerminalText.escaped(guest.name ?? String(guest.vmid)) }

    private static func failure(_ guest: ProxmoxGuestResource, _ error: any Error) -> String {
        "\(guest.vmid) \(name(of: guest)): " + SecretRedactor.shared.redact(OneLine.make(String(describing: error)))
    }
}
