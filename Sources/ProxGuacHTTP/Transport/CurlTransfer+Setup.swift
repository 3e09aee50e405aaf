internal import CProxGuacCurl
import Foundation
import ProxGuacCore

/// Setting up the easy handle: URL and timeouts, method and body, headers, TLS trust.
extension CurlTransfer {
    func configureBasics(url: String, total: Duration, connect: Duration) throws(HTTPError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(proxguac_curl_setopt_string(easy, CURLOPT_URL, url))
        try check(proxguac_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1))
        // No CURLOPT_ACCEPT_ENCODING: no Accept-Encoding is sent and curl decodes nothing, so the response
        // cap (maxResponseBytes) counts bytes as received: a 64 KB gzip body cannot expand to 64 MiB.
        try check(proxguac_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(total)))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connect)))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_PRIVATE, context))
        try check(proxguac_curl_setopt_data_cb(easy, CURLOPT_WRITEFUNCTION, curlWriteBody))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(proxguac_curl_setopt_data_cb(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
    }

    func configureBody(_ request: HTTPRequest) throws(HTTPError) {
        switch request.method {
        case .get:
            try check(proxguac_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case .head:
            try check(proxguac_curl_setopt_long(easy, CURLOPT_NOBODY, 1))
        case .delete:
            try check(proxguac_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, "DELETE"))
        case .post, .put, .patch:
            // POSTFIELDSIZE before COPYPOSTFIELDS: curl copies exactly that many bytes and always sends
            // Content-Length (Proxmox refuses chunked bodies), also for an empty body.
            try check(proxguac_curl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            var bytes = request.body
            bytes.append(0)  // so an empty body still hands curl a valid pointer; only `count` bytes are copied
            let code = bytes.withUnsafeMutableBytes { proxguac_curl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            try check(code)
            if request.method != .post {
                try check(proxguac_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
            }
        }
    }

    func configureHeaders(_ requestHeaders: [HTTPHeader], hasBody: Bool) throws(HTTPError) {
        for header in requestHeaders {
            // Scalars, not Characters: "\r\n" is a single Character and would slip past a Character test.
            let bad = header.name.isEmpty
                || header.name.unicodeScalars.contains { $0 == ":" || $0.properties.isWhitespace || $0.value < 0x20 }
                || header.value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
            if bad {
                throw HTTPError(
                    kind: .invalidHeader(name: header.name), method: method, target: target, reason: "bad header")
            }
            append(header: "\(header.name): \(header.value)")
        }
        // An empty `Expect:` stops curl from waiting for a `100 Continue` that Proxmox never sends.
        if hasBody { append(header: "Expect:") }
        if let headerList { try check(proxguac_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)) }
    }

    private func append(header line: String) {
        headerList = curl_slist_append(headerList, line)
    }

    func configureTLS(_ tls: TLSOptions) throws(HTTPError) {
        if let expected = tls.fingerprint {
            expectedPin = expected
            let pin = UnsafeMutablePointer<proxguac_curl_pin>.allocate(capacity: 1)
            pin.initialize(to: proxguac_curl_pin())
            withUnsafeMutableBytes(of: &pin.pointee.expected) { $0.copyBytes(from: expected.bytes) }
            self.pin = pin
            // The pin replaces chain and host name checks, so curl verifies nothing itself and loads no CA store:
            // the SSL context callback turns peer verification back on with the pin as the whole check, which
            // fails the handshake on any other certificate. Resumed TLS sessions would skip it, so none.
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
            try check(proxguac_curl_no_ca_locations(easy))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_SESSIONID_CACHE, 0))
            try check(proxguac_curl_setopt_pin(easy, pin))
        } else if !tls.verify {
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
        } else {
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
            if let caFile = tls.caFile {
                try check(proxguac_curl_setopt_string(easy, CURLOPT_CAINFO, caFile))
            } else {
                try useSystemTrustStore()
            }
        }
    }

    /// The system CAs from the store parsed once per process; curl itself loads no CA file or directory.
    private func useSystemTrustStore() throws(HTTPError) {
        let system = SystemTrustStore.shared
        guard let store = system.store else {
            throw HTTPError(kind: .tlsFailed, method: method, target: target, reason: system.problem)
        }
        try check(proxguac_curl_no_ca_locations(easy))
        try check(proxguac_curl_setopt_trust_store(easy, store))
    }

    /// Asks curl for a connection of its own that is closed afterwards (another TLS setup owns the cache).
    func useFreshConnection() {
        _ = proxguac_curl_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1)
        _ = proxguac_curl_setopt_long(easy, CURLOPT_FORBID_REUSE, 1)
    }

    func check(_ code: CURLcode) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        throw failure(code)
    }

    /// `scheme://host:port` of an http(s) URL, nil when the URL is not one.
    static func origin(of text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host):\(url.port ?? (scheme == "https" ? 443 : 80))"
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
