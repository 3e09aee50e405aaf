/// Field changes to write back into one entry of the notes (nil leaves a field as it is).
public struct EntryChanges: Sendable, Hashable {
    /// New user name: it changes every connection of the entry.
    public var username: String?
    /// New password, in the clear or encrypted.
    public var password: PasswordSource?
    /// New port for the protocol being edited.
    public var port: Int?
    /// New extra Guacamole parameters for the protocol being edited (empty removes them).
    public var settings: [GuacamoleParameter]?

    public init(
        username: String? = nil, password: PasswordSource? = nil, port: Int? = nil,
        settings: [GuacamoleParameter]? = nil
    ) {
        self.username = username
        self.password = password
        self.port = port
        self.settings = settings
    }
}
