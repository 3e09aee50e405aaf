/// A path template such as `/nodes/{node}/qemu/{vmid}/config`: literal segments match exactly,
/// `{name}` segments capture one percent-decoded segment.
struct RoutePattern: Sendable {
    private enum Segment: Sendable {
        case literal(String)
        case capture(name: String)
    }

    let template: String
    private let segments: [Segment]

    init(_ template: String) {
        self.template = template
        segments = template.split(separator: "/").map { part in
            part.hasPrefix("{") ? .capture(name: String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    func match(_ pathSegments: [String]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        // Check every segment before building the captures: most routes tried do not match.
        for (pattern, actual) in zip(segments, pathSegments) {
            switch pattern {
            case .literal(let text): guard text == actual else { return nil }
            case .capture: guard !actual.isEmpty else { return nil }
            }
        }
        var captures: [String: String] = [:]
        for (pattern, actual) in zip(segments, pathSegments) {
            if case .capture(let name) = pattern { captures[name] = actual }
        }
        return captures
    }

    /// Splits a raw path into percent-decoded segments.
    static func segments(of path: String) -> [String] {
        // An ASCII path splits the same on bytes as on characters, without grapheme breaking.
        if path.utf8.allSatisfy({ $0 < 0x80 }) {
            return path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map {
                FormDecoding.decodePathSegment(String(decoding: $0, as: UTF8.self))
            }
        }
        return path.split(separator: "/", omittingEmptySubsequences: true).map { FormDecoding.decodePathSegment(String($0)) }
    }
}

/// A method + template table; `Handler` is whatever the emulator calls.
struct RouteTable<Handler: Sendable>: Sendable {
    struct Route: Sendable {
        let method: String
        let pattern: RoutePattern
        let handler: Handler
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: String, _ template: String, _ handler: Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(template), handler: handler))
    }

    /// The route for this method and path; `pathKnown` tells whether any method matches the path.
    func find(method: String, segments: [String]) -> (route: Route, captures: [String: String])? {
        for route in routes where route.method == method {
            if let captures = route.pattern.match(segments) { return (route, captures) }
        }
        return nil
    }
}
