/// Which Guacamole parameters a note's `rdp_settings` / `vnc_settings` / `ssh_settings` may set.
///
/// Notes are written by anyone with `VM.Config.Options` on one guest, far less than a Guacamole admin.
/// So a note may only change how the session to *its own guest* looks and behaves for the person
/// connecting. Anything that reaches the guacd host (files, drives, recordings, typescripts, printing to
/// PDF files), another host (gateways, SFTP or audio servers elsewhere, VNC repeaters, reverse
/// connections) or that runs programs is refused; an admin may allow a name with
/// `sync.notes.allowParameters`. This is the one list: docs/notes-syntax.md shows it.
public struct NotesParameterPolicy: Sendable, Hashable {
    /// A group of allowed names and why they are safe for a note to set.
    public struct AllowedGroup: Sendable, Hashable {
        public let reason: String
        public let protocols: Set<GuestProtocol>
        public let names: [String]
    }

    private static let all: Set<GuestProtocol> = [.rdp, .vnc, .ssh]
    private static let graphical: Set<GuestProtocol> = [.rdp, .vnc]

    /// Every parameter a note may set, grouped with the reason.
    public static let allowedGroups: [AllowedGroup] = [
        AllowedGroup(reason: "display: how the remote screen is drawn for the viewer", protocols: graphical,
                     names: ["color-depth", "width", "height", "dpi", "resize-method", "force-lossless", "swap-red-blue",
                             "cursor", "encodings", "compress-level", "quality-level", "disable-display-resize"]),
        AllowedGroup(reason: "performance flags: what the guest renders", protocols: [.rdp],
                     names: ["enable-wallpaper", "enable-theming", "enable-font-smoothing", "enable-full-window-drag",
                             "enable-desktop-composition", "enable-menu-animations", "disable-bitmap-caching",
                             "disable-offscreen-caching", "disable-glyph-caching", "disable-gfx"]),
        AllowedGroup(reason: "security of the connection to this guest", protocols: [.rdp],
                     names: ["security", "ignore-cert", "cert-tofu", "cert-fingerprints", "disable-auth"]),
        AllowedGroup(reason: "the guest's own SSH host key", protocols: [.ssh], names: ["host-key"]),
        AllowedGroup(reason: "keyboard, locale and time zone", protocols: all,
                     names: ["server-layout", "timezone", "locale", "backspace", "terminal-type"]),
        AllowedGroup(reason: "clipboard", protocols: all,
                     names: ["disable-copy", "disable-paste", "normalize-clipboard", "clipboard-encoding"]),
        AllowedGroup(reason: "audio between the guest and the browser", protocols: graphical,
                     names: ["disable-audio", "enable-audio-input", "enable-audio", "console-audio"]),
        AllowedGroup(reason: "input and session behaviour on this guest", protocols: all,
                     names: ["read-only", "enable-touch", "console", "client-name", "autoretry", "disable-server-input",
                             "server-alive-interval", "scrollback", "preconnection-id", "preconnection-blob"]),
        AllowedGroup(reason: "terminal look", protocols: [.ssh],
                     names: ["font-name", "font-size", "color-scheme"]),
        AllowedGroup(reason: "the guest's own login for SSH keys (sent only to this guest)", protocols: [.ssh],
                     names: ["private-key", "passphrase"]),
        AllowedGroup(reason: "SFTP to this guest itself, confined to a directory", protocols: all,
                     names: ["enable-sftp", "sftp-port", "sftp-username", "sftp-password", "sftp-private-key",
                             "sftp-passphrase", "sftp-host-key", "sftp-root-directory", "sftp-directory",
                             "sftp-disable-download", "sftp-disable-upload", "sftp-server-alive-interval"]),
        AllowedGroup(reason: "restrictions on file transfer (only take rights away)", protocols: [.rdp],
                     names: ["disable-download", "disable-upload"]),
    ]

    /// Why well-known refused names are refused (others: "not on the notes allowlist").
    static let refusedReasons: [(prefixOrName: String, reason: String)] = [
        ("drive-", "it reaches the guacd host's files"), ("enable-drive", "it reaches the guacd host's files"),
        ("create-drive-path", "it creates directories on the guacd host"),
        ("recording-", "it writes files on the guacd host"), ("create-recording-path", "it creates directories on the guacd host"),
        ("typescript-", "it writes files on the guacd host"), ("create-typescript-path", "it creates directories on the guacd host"),
        ("enable-printing", "it prints to files on the guacd host"), ("printer-name", "it prints to files on the guacd host"),
        ("gateway-", "it connects through another host"), ("sftp-hostname", "it opens SFTP to another host"),
        ("dest-host", "it connects to another host"), ("dest-port", "it connects to another host"),
        ("audio-servername", "it connects to another host"), ("reverse-connect", "it makes guacd listen for connections"),
        ("listen-timeout", "it makes guacd listen for connections"), ("load-balance-info", "it lets a broker pick another host"),
        ("initial-program", "it runs a program at logon"), ("remote-app", "it runs a program at logon"),
        ("command", "it runs a command instead of the login shell"), ("static-channels", "it opens raw channels to the browser"),
        ("wol-", "Wake-on-LAN is set with wol_settings"), ("guacd-", "guacd proxy settings belong to the admin"),
        ("proxguac-", "proxguac's own marker"),
    ]

    /// Names the admin allowed (`sync.notes.allowParameters`).
    public var extraAllowed: Set<String>

    public init(extraAllowed: Set<String> = []) {
        self.extraAllowed = extraAllowed
    }

    private static let allowedByProtocol: [GuestProtocol: Set<String>] = {
        var result: [GuestProtocol: Set<String>] = [:]
        for group in allowedGroups {
            for proto in group.protocols { result[proto, default: []].formUnion(group.names) }
        }
        return result
    }()

    public func allows(_ name: String, for proto: GuestProtocol) -> Bool {
        extraAllowed.contains(name) || Self.allowedByProtocol[proto]?.contains(name) == true
    }

    /// One line naming the key, why, and the switch that allows it; nil when the note may set it.
    public func refusal(_ name: String, for proto: GuestProtocol, key: String) -> String? {
        guard !allows(name, for: proto) else { return nil }
        let shownName = TerminalText.escaped(name.count > 40 ? String(name.prefix(40)) + "…" : name)
        let reason = Self.refusedReasons.first { name == $0.prefixOrName || ($0.prefixOrName.hasSuffix("-") && name.hasPrefix($0.prefixOrName)) }?
            .reason ?? "it is not on the notes allowlist for \(proto.rawValue)"
        return "'\(shownName)' in '\(key)' is refused (\(reason)): an admin can allow it with sync.notes.allowParameters: [\"\(shownName)\"]"
    }

    /// The refusals for one entry, one line each, in the order written.
    public func refusals(in entry: CredentialEntry) -> [String] {
        entry.protocols.flatMap { proto in
            entry.parameters(for: proto).compactMap { refusal($0.name, for: proto, key: "\(proto.rawValue)_settings") }
        }
    }
}
