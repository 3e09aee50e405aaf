/// Named sets of `sync.defaults` (`"sync": {"defaults": {"preset": "proxmox-guacamole-sync"}}`).
public enum ConnectionDefaultsPreset: String, Sendable, Hashable, CaseIterable {
    /// Exactly what Proxmox-Guacamole-Sync (guac_vm_manager.py, `create_rdp_connection`,
    /// `create_vnc_connection`, `create_ssh_connection`) wrote on every connection it created, so a migration
    /// keeps them. `encoding` is written as the original wrote it (guacd itself reads `encodings`).
    case proxmoxGuacamoleSync = "proxmox-guacamole-sync"

    public var values: [GuestProtocol: ConnectionDefaults.Values] {
        switch self {
        case .proxmoxGuacamoleSync:
            let attributes = Self.templates(["max-connections": "2", "max-connections-per-user": "1"],
                                            order: ["max-connections", "max-connections-per-user"])
            return [
                .rdp: .init(parameters: Self.templates(Self.originalRDP), attributes: attributes),
                .vnc: .init(parameters: Self.templates(Self.originalVNC), attributes: attributes),
                .ssh: .init(parameters: Self.templates(Self.originalSSH), attributes: attributes),
            ]
        }
    }

    /// The parameters of one protocol as plain pairs (what `adopt` compares observed connections with).
    public func parameterPairs(for proto: GuestProtocol) -> [(String, String)] {
        switch (self, proto) {
        case (.proxmoxGuacamoleSync, .rdp): Self.originalRDP
        case (.proxmoxGuacamoleSync, .vnc): Self.originalVNC
        case (.proxmoxGuacamoleSync, .ssh): Self.originalSSH
        }
    }

    public func attributePairs(for proto: GuestProtocol) -> [(String, String)] {
        [("max-connections", "2"), ("max-connections-per-user", "1")]
    }

    static let originalRDP: [(String, String)] = [
        ("security", "any"), ("ignore-cert", "true"), ("enable-wallpaper", "true"), ("enable-theming", "true"),
        ("enable-font-smoothing", "true"), ("enable-full-window-drag", "true"), ("enable-desktop-composition", "true"),
        ("enable-menu-animations", "true"), ("resize-method", "display-update"),
    ]
    static let originalVNC: [(String, String)] = [
        ("color-depth", "32"), ("swap-red-blue", "false"), ("cursor", "local"), ("encoding", "tight"),
        ("enable-sftp", "false"), ("disable-copy", "false"), ("disable-paste", "false"), ("autoretry", "5"),
        ("read-only", "false"),
    ]
    static let originalSSH: [(String, String)] = [
        ("color-scheme", "gray-black"), ("font-name", "monospace"), ("font-size", "12"), ("enable-sftp", "true"),
        ("sftp-directory", "/home/{user}"),
    ]

    private static func templates(_ pairs: [(String, String)]) -> [(name: String, value: NameTemplate)] {
        pairs.compactMap { name, value in (try? NameTemplate(value)).map { (name: name, value: $0) } }
    }

    private static func templates(_ map: [String: String], order: [String]) -> [(name: String, value: NameTemplate)] {
        templates(order.compactMap { key in map[key].map { (key, $0) } })
    }
}
