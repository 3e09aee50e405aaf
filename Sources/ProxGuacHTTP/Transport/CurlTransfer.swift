internal import CProxGuacCurl
import Foundation
import ProxGuacCore
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
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    var pin: UnsafeMutablePointer<proxguac_curl_pin>?
    var expectedPin: CertificateFingerprint?

    private var status = 0
    private var reason = ""
    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var tooLarge = false
    private var finished = false
    private var releasedEasy = false

    /// Prepares the easy handle. Fails (without touching the network) on a bad URL or header.
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
        let line = HeaderText.trimmed(bytes)
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            reason = parts.count > 2 ? HeaderText.trimmed(parts[2].utf8) : ""
            headers = []
        } else if let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(line[..<colon])
            let value = HeaderText.trimmed(line.utf8[line.utf8.index(after: colon)...])
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

    func failure(_ code: CURLcode) -> HTTPError {
        let detail = String(cString: errorBuffer)
        let reason = (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail).singleLine
        let kind: HTTPError.Kind
        if let pin, pin.pointee.seen != 0, pin.pointee.matched == 0, let expectedPin {
            let actual = withUnsafeBytes(of: pin.pointee.actual) { CertificateFingerprint(hex: Array($0)) }
            kind = .fingerprintMismatch(expected: expectedPin.description, actual: actual?.description ?? "unknown")
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
}

extension CertificateFingerprint {
    /// From the 32 digest bytes OpenSSL wrote.
    fileprivate init?(hex bytes: [UInt8]) {
        self.init(bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined())
    }
}

// Non-capturing C callbacks; the context pointer is the transfer (kept alive by the loop while it runs).

let curlWriteBody: proxguac_curl_data_cb = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

let curlWriteHeader: proxguac_curl_data_cb = { data, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard length > 0, let data else { return length }
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
