internal import CProxGuacCurl
import Foundation

/// The system CA certificates for `tls.verify: true` without `caFile`, parsed once per process.
///
/// Left to itself, libcurl parses its CA bundle for every new TLS connection (its CA cache does not apply when a
/// CA directory is configured too, as on Debian). Instead every connection's SSL context gets this one store.
///
/// Where the certificates come from: `SSL_CERT_FILE` and `SSL_CERT_DIR` when set (the variables OpenSSL and the
/// curl tool read), otherwise the bundle and directory libcurl was built with (Debian:
/// `/etc/ssl/certs/ca-certificates.crt` and `/etc/ssl/certs`) — the same certificates libcurl used before.
final class SystemTrustStore: @unchecked Sendable {
    /// Built on first use (thread-safe, once), then never freed.
    static let shared = SystemTrustStore(environment: ProcessInfo.processInfo.environment)

    /// The store, or nil when the bundle could not be read (every verifying request then fails with `problem`).
    let store: OpaquePointer?
    let file: String?
    let directory: String?

    init(environment: [String: String]) {
        let defaults = Self.curlDefaults()
        file = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaults.file
        directory = environment["SSL_CERT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? defaults.directory
        var fileFailed: Int32 = 0
        store = proxguac_trust_store_new(file, directory, &fileFailed)
    }

    /// Why `store` is nil, for the request's error.
    var problem: String {
        "cannot load the system CA certificates from \(file ?? directory ?? "OpenSSL's default paths"); "
            + "check SSL_CERT_FILE or set tls.caFile"
    }

    /// Certificates loaded so far (tests: the bundle was read).
    var certificateCount: Int {
        store.map { Int(proxguac_trust_store_count($0)) } ?? 0
    }

    /// The CA bundle and directory libcurl would use (`CURLINFO_CAINFO`, `CURLINFO_CAPATH`).
    private static func curlDefaults() -> (file: String?, directory: String?) {
        guard let easy = curl_easy_init() else { return (nil, nil) }
        defer { curl_easy_cleanup(easy) }
        func text(_ info: CURLINFO) -> String? {
            var pointer: UnsafeMutablePointer<CChar>?
            guard proxguac_curl_getinfo_string(easy, info, &pointer) == CURLE_OK, let pointer else { return nil }
            let value = String(cString: pointer)
            return value.isEmpty ? nil : value
        }
        return (text(CURLINFO_CAINFO), text(CURLINFO_CAPATH))
    }
}
