/// One operation of a directory batch PATCH (`add`, `replace`, `remove`).
public struct GuacamolePatch: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case add, replace, remove
    }

    public let op: Operation
    /// `/` for add, `/<id>` for replace and remove.
    public let path: String
    /// The full object for add and replace; left out for remove (portable to 1.5.x).
    public let value: GuacamoleConnection?

    public static func add(_ connection: GuacamoleConnection) -> GuacamolePatch {
        GuacamolePatch(op: .add, path: "/", value: connection)
    }

    public static func replace(_ identifier: String, with connection: GuacamoleConnection) -> GuacamolePatch {
        GuacamolePatch(op: .replace, path: "/\(identifier)", value: connection)
    }

    public static func remove(_ identifier: String) -> GuacamolePatch {
        GuacamolePatch(op: .remove, path: "/\(identifier)", value: nil)
    }

    /// The id in `/<id>`, nil for add.
    var targetIdentifier: String? {
        op == .add ? nil : String(path.dropFirst())
    }
}

/// The result of one patch operation, in request order.
public struct GuacamolePatchOutcome: Sendable, Hashable, Decodable {
    public let op: GuacamolePatch.Operation
    /// New id for add, the path's id otherwise; null for add/remove in a rolled-back batch.
    public let identifier: String?
    public let path: String
    /// Why this operation failed; nil when it succeeded.
    public let error: String?

    public init(op: GuacamolePatch.Operation, identifier: String?, path: String, error: String? = nil) {
        self.op = op
        self.identifier = identifier
        self.path = path
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case op, identifier, path, error
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        op = try c.decode(GuacamolePatch.Operation.self, forKey: .op)
        identifier = c.lenientString(.identifier)
        path = c.lenientString(.path) ?? ""
        error = try c.decodeIfPresent(GuacamoleTranslatableMessage.self, forKey: .error)?.text
    }
}

/// `{"key": …, "variables": {"MESSAGE": …}}`: the readable text is the MESSAGE variable when there is one.
struct GuacamoleTranslatableMessage: Decodable {
    let text: String

    private enum CodingKeys: String, CodingKey {
        case key, variables
    }

    private struct Variables: Decodable {
        let message: String?
        enum CodingKeys: String, CodingKey { case message = "MESSAGE" }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let variables = try? c.decodeIfPresent(Variables.self, forKey: .variables)
        text = variables?.message ?? c.lenientString(.key) ?? "unknown error"
    }
}
