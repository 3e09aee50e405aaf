import Foundation

/// One parsed HTTP/1.1 request.
struct HTTPRequest: Sendable {
    var method: String
    /// Path part of the request target, still percent-encoded.
    var path: String
    /// Query string after `?`, still encoded ("" when absent).
    var query: String
    var version: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The body arrived with `Transfer-Encoding: chunked`.
    var wasChunked: Bool

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { Self.sameHeaderName($0.name, name) }?.value
    }

    /// Header names are ASCII tokens: compare them case-insensitively without building new strings.
    private static func sameHeaderName(_ lhs: String, _ rhs: String) -> Bool {
        let lowered: (UInt8) -> UInt8 = { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { lowered($0) == lowered($1) }
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The media type of the body without parameters, lower-cased ("" when absent).
    var mediaType: String {
        (header("Content-Type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
    }
}

/// What to do with the connection instead of (or after) answering.
enum ResponseAction: Sendable {
    case answer
    /// Never answer; hold the connection until the client gives up or the lab stops.
    case hang
    /// Abort the TCP connection with a reset.
    case reset
}

/// One HTTP response; the server adds Content-Length, Date and Connection.
struct HTTPResponse: Sendable {
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var closeConnection = false
    var action = ResponseAction.answer

    init(status: Int, reason: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    static func json(_ value: JSONValue, status: Int = 200, reason: String = "OK", contentType: String) -> HTTPResponse {
        HTTPResponse(status: status, reason: reason, headers: [("Content-Type", contentType)], body: value.serializedBytes())
    }

    static var hung: HTTPResponse {
        var response = HTTPResponse(status: 0, reason: "")
        response.action = .hang
        return response
    }

    static var reset: HTTPResponse {
        var response = HTTPResponse(status: 0, reason: "")
        response.action = .reset
        return response
    }
}
