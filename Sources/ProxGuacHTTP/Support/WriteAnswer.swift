/// A write (POST, PUT, PATCH, DELETE) succeeded only when the server answered 2xx: a redirect or any
/// other status below 400 (which the transport does not throw for) means the change was not made.
enum WriteAnswer {
    /// One line naming the unexpected status of a write, or nil when the answer is a success (or the request a read).
    static func problem(_ status: Int, method: HTTPMethod) -> String? {
        guard method != .get, method != .head, !(200..<300).contains(status) else { return nil }
        return "HTTP \(status) answer to a write: the change was not confirmed (a proxy or a redirect in the way?)"
    }

    static func check(_ status: Int, method: HTTPMethod, request: String) throws(GuacamoleError) {
        if let problem = problem(status, method: method) { throw .unexpectedResponse(request: request, detail: problem) }
    }
}
