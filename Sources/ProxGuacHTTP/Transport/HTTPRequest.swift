import Foundation

/// An HTTP method. Only the ones the Proxmox VE and Guacamole APIs use.
public enum HTTPMethod: String, Sendable, Hashable, CustomStringConvertible {
    case get = "GET", head = "HEAD", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"

    public var description: String { rawValue }
    /// Whether the request carries a body (and so always a `Content-Length`).
    var sendsBody: Bool { self == .post || self == .put || self == .patch }
}

/// One header line. Values may be secrets (tokens, cookies): the transport never logs them.
public struct HTTPHeader: Sendable, Hashable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A request ready for the wire.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Absolute `https://` (or `http://`) URL, query already encoded. Never put a secret in it.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// Total time allowed for this request; `nil` uses the transport's default.
    public var timeout: Duration?

    public init(
        method: HTTPMethod, url: String, headers: [HTTPHeader] = [], body: [UInt8] = [], timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// The reason phrase of the status line. Proxmox VE puts its error message here.
    public let reason: String
    public let headers: [HTTPHeader]
    public let body: [UInt8]

    public init(status: Int, reason: String, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
