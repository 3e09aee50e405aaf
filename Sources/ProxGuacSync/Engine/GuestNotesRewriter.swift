import ProxGuacCore
import ProxGuacHTTP

/// Rewrites one guest's notes with a pure transform, guarded by the config digest: on a digest
/// mismatch (someone edited the notes meanwhile) it re-reads, re-applies the transform to the new
/// text and retries, up to ``attempts`` times, so a concurrent edit is never clobbered.
public struct GuestNotesRewriter: Sendable {
    public let client: ProxmoxClient

    public static let attempts = 3

    public init(client: ProxmoxClient) {
        self.client = client
    }

    /// Reads the notes of `guest`, applies `transform` (new text plus what it did) and, unless the text
    /// is unchanged or `write` is false, validates and writes it with the digest read. Returns the
    /// outcome of the transform applied to the notes that were (or would have been) written.
    public func rewrite<Outcome>(
        _ guest: GuestReference, write: Bool = true, transform: (String) throws -> (text: String, outcome: Outcome)
    ) async throws -> Outcome {
        var attempt = 1
        while true {
            let config = try await client.config(of: guest)
            guard let digest = config.digest else { throw ApplyStepError("Proxmox VE sent no config digest for \(guest)") }
            let text = config.description ?? ""
            let (updated, outcome) = try transform(text)
            guard write, updated != text else { return outcome }
            try ProxmoxDescription.validate(updated, for: .current)
            guard let error = await store(updated, to: guest, digest: digest) else { return outcome }
            guard Self.isDigestMismatch(error), attempt < Self.attempts else { throw error }
            attempt += 1
        }
    }

    /// Writes the notes; returns the error instead of throwing it.
    private func store(_ notes: String, to guest: GuestReference, digest: String) async -> ProxmoxError? {
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
}
