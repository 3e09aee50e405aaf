internal import CProxGuacCurl
import Foundation
import Synchronization

/// One request on the wire. Owns its easy handle and every buffer curl points into, until `finish`.
///
/// Built on the caller's task, then handed to the loop thread; from `submit` on only the loop thread touches it
/// (except `cancelRequested`, which is atomic).
final class CurlTransfer: @unchecked Sendable {
    /// Larger answers are refused; no Proxmox or Guacamole reply comes close.
    static let maxResponseBytes = 64 << 20

    let method: HTTPMethod
    let target: String
    let origin: String
    let tls: TLSOptions
    let started = ContinuousClock.now
    let cancelRequested = Atomic<Bool>(false)
    /// Resumed exactly once, by `finish`.
    var continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>?

    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var pin: UnsafeMutablePointer<proxguac_curl_pin>?
    private var expectedPin: CertificateFingerprint?

    private var status = 0
    private var reason = ""
    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var tooLarge = false
    private var finished = false

    /// Prepares the easy handle. Fails (without touching the network) on a bad URL, header or fingerprint.
    init(_ request: HTTPRequest, tls: TLSOptions, connectTimeout: Duration, defaultTimeout: Duration) throws(HTTPError)
    {
        method = request.method
        target = RedactedTarget.of(request.url)
        self.tls = tls
        guard let origin = Self.origin(of: request.url) else {
            throw HTTPError(kind: .invalidURL, method: method, target: target, reason: "invalid URL")
        }
        self.origin = origin
        guard let handle = curl_easy_init() else {
            throw HTTPError(kind: .transport, method: method, target: target, reason: "libcurl could not start a request")
        }
        easy = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let total = request.timeout ?? defaultTimeout
        do {
            try configureBasics(url: request.url, total: total, connect: min(connectTimeout, total))
            try configureBody(request)
            try configureHeaders(request.headers, hasBody: request.method.sendsBody)
            try configureTLS(tls)
        } catch {
            release()
            throw error
        }
    }

    deinit {
        release()
        errorBuffer.deallocate()
    }

    // MARK: - Setup

    private func configureBasics(url: String, total: Duration, connect: Duration) throws(HTTPError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(proxguac_curl_setopt_string(easy, CURLOPT_URL, url))
        try check(proxguac_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1))
        try check(proxguac_curl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(total)))
        try check(proxguac_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connect)))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_PRIVATE, context))
        try check(proxguac_curl_setopt_data_cb(easy, CURLOPT_WRITEFUNCTION, curlWriteBody))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(proxguac_curl_setopt_data_cb(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        try check(proxguac_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
    }

    private func configureBody(_ request: HTTPRequest) throws(HTTPError) {
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

    private func configureHeaders(_ requestHeaders: [HTTPHeader], hasBody: Bool) throws(HTTPError) {
        for header in requestHeaders {
            let bad = header.name.isEmpty || header.name.contains(where: { $0 == ":" || $0.isWhitespace })
                || header.value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" })
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

    private func configureTLS(_ tls: TLSOptions) throws(HTTPError) {
        if let text = tls.fingerprint {
            guard let expected = CertificateFingerprint(text) else {
                throw HTTPError(kind: .invalidFingerprint, method: method, target: target, reason: "bad fingerprint")
            }
            expectedPin = expected
            let pin = UnsafeMutablePointer<proxguac_curl_pin>.allocate(capacity: 1)
            pin.initialize(to: proxguac_curl_pin())
            withUnsafeMutableBytes(of: &pin.pointee.expected) { $0.copyBytes(from: expected.bytes) }
            self.pin = pin
            // The pin replaces chain and host name checks; resumed TLS sessions would skip it, so none.
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_SESSIONID_CACHE, 0))
            try check(proxguac_curl_setopt_pin(easy, pin))
        } else if !tls.verify {
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
        } else {
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
            try check(proxguac_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
            if let caFile = tls.caFile { try check(proxguac_curl_setopt_string(easy, CURLOPT_CAINFO, caFile)) }
        }
    }

    /// Asks curl for a connection of its own that is closed afterwards (another TLS setup owns the cache).
    func useFreshConnection() {
        _ = proxguac_curl_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1)
        _ = proxguac_curl_setopt_long(easy, CURLOPT_FORBID_REUSE, 1)
    }

    private func check(_ code: CURLcode) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        throw failure(code)
    }

    // MARK: - Callbacks (loop thread)

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= Self.maxResponseBytes else {
            tooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// curl hands over one header line at a time, the status line first (again after a `100 Continue`).
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            reason = parts.count > 2 ? String(parts[2]).trimmingCharacters(in: .whitespaces) : ""
            headers = []
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(name, value))
        }
    }

    // MARK: - Completion (loop thread)

    /// Builds the outcome for curl's result code and resumes the waiting task. Call once, after the handle left
    /// the multi handle.
    func finish(_ code: CURLcode) {
        finish(code == CURLE_OK ? response() : .failure(failure(code)))
    }

    func finish(_ result: Result<HTTPResponse, HTTPError>) {
        guard !finished else { return }
        finished = true
        release()
        continuation?.resume(returning: result)
        continuation = nil
    }

    func cancelledError() -> HTTPError {
        HTTPError(kind: .cancelled, method: method, target: target, reason: "cancelled")
    }

    private func response() -> Result<HTTPResponse, HTTPError> {
        var code = 0
        _ = proxguac_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        if code != 0 { status = code }
        guard status < 400 else {
            return .failure(
                HTTPError(
                    kind: .status(status), method: method, target: target, reason: reason,
                    serverMessage: ErrorBody.message(from: body), body: body))
        }
        return .success(HTTPResponse(status: status, reason: reason, headers: headers, body: body))
    }

    private func failure(_ code: CURLcode) -> HTTPError {
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: HTTPError.Kind
        if let pin, pin.pointee.seen != 0, pin.pointee.matched == 0, let expectedPin {
            let actual = CertificateFingerprint(bytes: withUnsafeBytes(of: pin.pointee.actual) { Array($0) })
            kind = .fingerprintMismatch(expected: expectedPin.description, actual: actual.description)
        } else {
            switch code {
            case CURLE_COULDNT_CONNECT: kind = .connectionFailed
            case CURLE_COULDNT_RESOLVE_HOST: kind = .hostNotFound
            case CURLE_OPERATION_TIMEDOUT: kind = .timedOut
            case CURLE_PEER_FAILED_VERIFICATION: kind = .certificateNotTrusted
            case CURLE_SSL_CACERT_BADFILE: kind = .caFileUnreadable(path: tls.caFile ?? "")
            case CURLE_SSL_CONNECT_ERROR: kind = .tlsFailed
            case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: kind = .invalidURL
            case CURLE_WRITE_ERROR where tooLarge: kind = .responseTooLarge
            default: kind = .transport
            }
        }
        let shownReason = kind == .responseTooLarge ? "\(Self.maxResponseBytes >> 20) MiB" : reason
        return HTTPError(kind: kind, method: method, target: target, reason: shownReason, curlCode: Int(code.rawValue))
    }

    /// Frees the easy handle and what it points into. Idempotent.
    private func release() {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        if let pin { pin.deallocate() }
        pin = nil
        if !releasedEasy {
            curl_easy_cleanup(easy)
            releasedEasy = true
        }
    }
    private var releasedEasy = false

    /// `scheme://host:port` of an http(s) URL, nil when the URL is not one.
    private static func origin(of text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host):\(url.port ?? (scheme == "https" ? 443 : 80))"
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

// Non-capturing C callbacks; the context pointer is the transfer (kept alive by the loop while it runs).

private let curlWriteBody: proxguac_curl_data_cb = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let curlWriteHeader: proxguac_curl_data_cb = { data, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard length > 0, let data else { return length }
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
