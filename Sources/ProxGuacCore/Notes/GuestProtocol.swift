/// A remote-access protocol Guacamole can open to a guest.
public enum GuestProtocol: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case rdp, vnc, ssh

    /// The port used when the notes name none.
    public var defaultPort: Int {
        switch self {
        case .rdp: 3389
        case .vnc: 5900
        case .ssh: 22
        }
    }

    /// Parses a protocol name the way notes write it (`RDP`, ` vnc `): case-insensitive, trimmed.
    public init?(notesName: String) {
        self.init(rawValue: notesName.trimmingWhitespace().lowercased())
    }

    /// Sort order: rdp, vnc, ssh.
    private var rank: Int {
        switch self {
        case .rdp: 0
        case .vnc: 1
        case .ssh: 2
        }
    }

    public static func < (lhs: GuestProtocol, rhs: GuestProtocol) -> Bool { lhs.rank < rhs.rank }
}
