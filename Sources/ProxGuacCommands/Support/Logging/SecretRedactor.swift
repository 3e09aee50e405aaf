import Foundation
import ProxGuacCore
import Synchronization

/// Replaces every known secret in text with `<redacted>` (defence in depth for logs and error lines).
/// Register secrets as they are loaded; ``shared`` is the registry the stderr log handler uses.
public final class SecretRedactor: Sendable {
    public static let shared = SecretRedactor()

    /// Secrets shorter than this are only redacted when a whole value equals them, so a
    /// one-letter test password does not blank out every log line containing that letter.
    public static let minimumSubstringLength = 4

    private let secrets = Mutex<Set<String>>([])

    public init() {}

    public func register(_ secret: Secret) {
        guard !secret.isEmpty else { return }
        secrets.withLock { _ = $0.insert(secret.value) }
    }

    public func register<S: Sequence>(_ secrets: S) where S.Element == Secret {
        for secret in secrets { register(secret) }
    }

    public func redact(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        guard !known.isEmpty else { return text }
        if known.contains(text) { return "<redacted>" }
        var result = text
        // Longest first, so a secret that contains another is replaced whole.
        for secret in known.sorted(by: { $0.count > $1.count }) where secret.count >= Self.minimumSubstringLength {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}
