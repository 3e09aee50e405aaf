/// Why a request failed: the server said no (`status`), or no usable answer arrived (everything else).
///
/// The text never contains a secret: the target is shown without query values that can hold tokens,
/// and header values never appear.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The server answered with this status (≥ 400).
        case status(Int)
        /// TCP connection refused or the host unreachable.
        case connectionFailed
        /// The host name did not resolve.
        case hostNotFound
        /// No complete answer within the allowed time.
        case timedOut
        /// The certificate chain did not verify against the configured or system CAs.
        case certificateNotTrusted
        /// The server offered a certificate other than the pinned one.
        case fingerprintMismatch(expected: String, actual: String)
        /// `tls.fingerprint` is not a SHA-256 fingerprint.
        case invalidFingerprint
        /// `tls.caFile` could not be read or holds no certificate.
        case caFileUnreadable(path: String)
        /// The TLS handshake failed for another reason (protocol, cipher, reset).
        case tlsFailed
        /// The URL could not be parsed or uses an unsupported scheme.
        case invalidURL
        /// A header name or value contains a line break (or another byte that would split the header).
        case invalidHeader(name: String)
        /// The answer is larger than the transport accepts.
        case responseTooLarge
        /// The task waiting for the answer was cancelled, or the transport shut down.
        case cancelled
        /// Any other libcurl failure.
        case transport
    }

    public let kind: Kind
    public let method: HTTPMethod
    /// `scheme://host:port/path` with secret-bearing query values and path parts redacted.
    public let target: String
    /// The status line's reason phrase, or libcurl's description of a transport failure.
    public let reason: String
    /// The error text from the body (Proxmox `message`/`errors`, Guacamole `message`), when there is one.
    public let serverMessage: String?
    /// libcurl's `CURLcode` for transport failures.
    public let curlCode: Int?
    /// The raw error body, for clients that decode more (Guacamole patch outcomes).
    public let body: [UInt8]

    public init(
        kind: Kind, method: HTTPMethod, target: String, reason: String, serverMessage: String? = nil,
        curlCode: Int? = nil, body: [UInt8] = []
    ) {
        self.kind = kind
        self.method = method
        self.target = target
        self.reason = reason
        self.serverMessage = serverMessage
        self.curlCode = curlCode
        self.body = body
    }

    /// The HTTP status, when the server answered.
    public var status: Int? {
        if case .status(let code) = kind { return code }
        return nil
    }

    /// The most specific text the server gave: the body's message, else the reason phrase.
    public var serverText: String {
        if let serverMessage, !serverMessage.isEmpty { return serverMessage }
        return reason
    }

    public var description: String {
        let request = "\(method) \(target)"
        switch kind {
        case .status(let code):
            return "\(request): HTTP \(code) \(serverText)"
        case .connectionFailed:
            return "\(request): cannot connect (\(reason)); check the URL and port and that the service is running"
        case .hostNotFound:
            return "\(request): host name not found; check the URL"
        case .timedOut:
            return "\(request): no answer in time (\(reason)); check the network or raise the timeout"
        case .certificateNotTrusted:
            return "\(request): certificate not trusted: set tls.caFile or tls.fingerprint (\(reason))"
        case .fingerprintMismatch(let expected, let actual):
            return "\(request): certificate fingerprint mismatch: expected \(expected), server sent \(actual); "
                + "update tls.fingerprint if the certificate was renewed"
        case .invalidFingerprint:
            return "\(request): tls.fingerprint is not a SHA-256 fingerprint (64 hex digits, colons optional)"
        case .caFileUnreadable(let path):
            return "\(request): cannot load tls.caFile \(path); check the path and that it holds a PEM certificate"
        case .tlsFailed:
            return "\(request): TLS handshake failed (\(reason))"
        case .invalidURL:
            return "\(request): invalid URL; use https://host:port"
        case .invalidHeader(let name):
            return "\(request): header \(name) contains a line break; check the configured credentials"
        case .responseTooLarge:
            return "\(request): answer larger than \(reason)"
        case .cancelled:
            return "\(request): cancelled"
        case .transport:
            return "\(request): \(reason)"
        }
    }
}
