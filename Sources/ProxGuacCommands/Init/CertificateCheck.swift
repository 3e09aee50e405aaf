import Logging
import ProxGuacCore
import ProxGuacHTTP

/// How `proxguac init` trusts a server: the system CA store when it vouches for the certificate (a publicly
/// trusted Guacamole is never pinned, so renewals need no change), else the certificate's fingerprint, which the
/// user compares and confirms before it is pinned.
enum CertificateCheck {
    enum Verdict: Equatable {
        case trustedBySystem
        /// The system store refused it (`reason`); `fingerprint` is the SHA-256 of the certificate the server sent.
        case untrusted(fingerprint: String, reason: String)
    }

    /// Sends one unauthenticated GET to `url` (any HTTP answer means the TLS check passed).
    static func check(_ url: String) async throws -> Verdict {
        let transport = HTTPTransport(configuration: .init(maxConnectionsPerHost: 1, connectTimeout: .seconds(10), requestTimeout: .seconds(20)),
                                      logger: Logger(label: "proxguac.init", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            _ = try await transport.send(HTTPRequest(method: .get, url: url), tls: TLSOptions())
            return .trustedBySystem
        } catch {
            if error.status != nil { return .trustedBySystem }
            guard error.kind == .certificateNotTrusted else { throw CommandFailure("init: \(error.description)") }
            let refusal = error.reason
            // A pin nothing can match makes the handshake report the certificate's real fingerprint.
            guard let impossible = CertificateFingerprint(String(repeating: "00", count: 32)) else { throw CommandFailure("init: internal error") }
            do {
                _ = try await transport.send(HTTPRequest(method: .get, url: url), tls: TLSOptions(fingerprint: impossible))
            } catch {
                if case .fingerprintMismatch(_, let actual) = error.kind {
                    return .untrusted(fingerprint: actual, reason: refusal)
                }
                throw CommandFailure("init: \(error.description)")
            }
            throw CommandFailure("init: the server at \(url) accepted a pin no certificate can match; refusing to go on")
        }
    }
}
