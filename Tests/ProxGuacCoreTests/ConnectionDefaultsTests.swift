import Testing
@testable import ProxGuacCore

/// `sync.defaults` (issue #15): parameters and attributes per protocol from the config, the
/// `proxmox-guacamole-sync` preset, notes overriding parameters, and attributes following the config.
struct ConnectionDefaultsTests {
    private let guest = GuestFacts(vmid: 100, name: "web01", node: "pve1", kind: .qemu, status: "running",
                                   address: "198.51.100.10", addressSource: "agent")

    private func defaults(_ json: String) throws -> ConnectionDefaults {
        let text = JSONWriter.pretty(configBaseDocument).dropLast(2) + ", \"sync\": {\"defaults\": \(json)}}"
        return try parseConfigText(String(text)).config.sync.defaults
    }

    private func build(_ notes: String, _ defaults: ConnectionDefaults) -> [DesiredConnection] {
        DesiredConnectionBuilder(settings: DesiredConnectionSettings(defaults: defaults))
            .build(guest: guest, notes: NotesParser.parse(notes)) { _ in Secret("unused") }.desired
    }

    /// The preset is exactly what the original wrote on every connection (guac_vm_manager.py).
    @Test func presetReproducesTheOriginalsDefaults() throws {
        let preset = try defaults(#"{"preset": "proxmox-guacamole-sync"}"#)
        let built = build(#"user:"admin" pass:"x" protos:"rdp,vnc,ssh";"#, preset)
        let rdp = try #require(built.first { $0.identity.protocolName == "rdp" })
        let vnc = try #require(built.first { $0.identity.protocolName == "vnc" })
        let ssh = try #require(built.first { $0.identity.protocolName == "ssh" })
        for (name, value) in [("security", "any"), ("ignore-cert", "true"), ("enable-wallpaper", "true"),
                              ("enable-theming", "true"), ("enable-font-smoothing", "true"), ("enable-full-window-drag", "true"),
                              ("enable-desktop-composition", "true"), ("enable-menu-animations", "true"),
                              ("resize-method", "display-update")] {
            #expect(rdp.parameters[name] == value, "rdp \(name)")
        }
        for (name, value) in [("color-depth", "32"), ("swap-red-blue", "false"), ("cursor", "local"), ("encoding", "tight"),
                              ("enable-sftp", "false"), ("disable-copy", "false"), ("disable-paste", "false"),
                              ("autoretry", "5"), ("read-only", "false")] {
            #expect(vnc.parameters[name] == value, "vnc \(name)")
        }
        for (name, value) in [("color-scheme", "gray-black"), ("font-name", "monospace"), ("font-size", "12"),
                              ("enable-sftp", "true"), ("sftp-directory", "/home/admin")] {
            #expect(ssh.parameters[name] == value, "ssh \(name)")
        }
        for connection in built {
            #expect(connection.fields.attributes == ["max-connections": "2", "max-connections-per-user": "1"])
            // The entry's own fields still come from the notes (VNC gets its username too).
            #expect(connection.parameters["username"] == "admin")
        }
    }

    /// Explicit keys override the preset key by key; notes' settings override parameters; templates render.
    @Test func explicitKeysAndNotesOverride() throws {
        let merged = try defaults(#"""
            {"preset": "proxmox-guacamole-sync",
             "ssh": {"parameters": {"font-size": "14", "sftp-root-directory": "/srv/{vmname}"},
                     "attributes": {"max-connections": 5, "guacd-hostname": "guacd-{node}"}}}
            """#)
        let ssh = try #require(build(#"user:"ops" pass:"x" protos:"ssh" ssh_settings:"color-scheme=white-black";"#, merged).first)
        #expect(ssh.parameters["font-size"] == "14")
        #expect(ssh.parameters["font-name"] == "monospace")
        #expect(ssh.parameters["sftp-root-directory"] == "/srv/web01")
        #expect(ssh.parameters["sftp-directory"] == "/home/ops")
        #expect(ssh.parameters["color-scheme"] == "white-black", "the notes override the defaults")
        #expect(ssh.fields.attributes == ["max-connections": "5", "max-connections-per-user": "1", "guacd-hostname": "guacd-pve1"])
    }

    @Test func noDefaultsChangesNothing() throws {
        let none = try parseConfig(configBaseDocument).config.sync.defaults
        #expect(none.isEmpty)
        let rdp = try #require(build(#"user:"admin" pass:"x" protos:"rdp";"#, none).first)
        #expect(rdp.fields.attributes.isEmpty)
        #expect(rdp.parameters["security"] == nil)
    }

    @Test func badDefaultsAreOneLineErrors() {
        func message(_ json: String) -> String {
            do { _ = try defaults(json); return "" } catch { return "\(error)" }
        }
        #expect(message(#"{"preset": "original"}"#).contains("sync.defaults.preset"))
        #expect(message(#"{"rdp": {"parameters": {"password": "x"}}}"#).contains("sync.defaults.rdp.parameters.password"))
        #expect(message(#"{"vnc": {"attributes": {"max-connections": "{pasword}"}}}"#).contains("sync.defaults.vnc.attributes.max-connections"))
        #expect(message(#"{"telnet": {}}"#).contains("unknown key"))
    }

    // MARK: Planner: managed attributes follow the config

    private func withAttributes(_ desired: DesiredConnection, _ attributes: [String: String]) -> DesiredConnection {
        DesiredConnection(identity: desired.identity, name: desired.name, groupNames: desired.groupNames,
                          guestName: desired.guestName, parameters: desired.parameters, attributes: attributes)
    }

    @Test func anAttributeEditedInTheWebUIIsOverwrittenAndOthersAreKept() throws {
        let desired = withAttributes(Fixture.desired(), ["max-connections": "2"])
        var world = World()
        let synced = world.synced(desired)
        // In the web UI: max-connections changed, and an attribute the config does not set added.
        world.observed[0] = ObservedConnection(identifier: synced.identifier, name: synced.name,
                                               parentIdentifier: synced.parentIdentifier, protocolName: "rdp",
                                               parameters: synced.parameters,
                                               attributes: ["max-connections": "9", "guacd-hostname": "guacd2"])
        let plan = world.plan([desired])
        let update = try #require(plan.actions.first)
        guard case .updateConnection(let identifier, _, let fields, _, _, let changed) = update.operation else {
            Issue.record("expected an update, got \(plan.operations)")
            return
        }
        #expect(identifier == synced.identifier)
        #expect(changed == ["attribute max-connections"])
        #expect(update.reason.contains("config wins"))
        #expect(fields.attributes == ["max-connections": "2", "guacd-hostname": "guacd2"])
        #expect(plan.actions.count == 1)
    }

    @Test func unsetAttributesAreNotManaged() {
        var world = World()
        let desired = Fixture.desired()
        let synced = world.synced(desired)
        world.observed[0] = ObservedConnection(identifier: synced.identifier, name: synced.name,
                                               parentIdentifier: synced.parentIdentifier, protocolName: "rdp",
                                               parameters: synced.parameters, attributes: ["max-connections": "9"])
        #expect(world.plan([desired]).actions.isEmpty)
    }

    @Test func aParameterUpdateSendsTheAttributesBack() throws {
        var world = World()
        let desired = Fixture.desired()
        let synced = world.synced(Fixture.desired(port: "3390"))
        world.observed[0] = ObservedConnection(identifier: synced.identifier, name: synced.name,
                                               parentIdentifier: synced.parentIdentifier, protocolName: "rdp",
                                               parameters: synced.parameters, attributes: ["max-connections-per-user": "1"])
        guard case .updateConnection(_, _, let fields, _, _, _)? = world.plan([desired]).actions.first?.operation else {
            Issue.record("expected an update")
            return
        }
        #expect(fields.attributes == ["max-connections-per-user": "1"])
    }

    @Test func grantPermissionsAreCheckedAndIncludeREAD() throws {
        let text = JSONWriter.pretty(configBaseDocument).dropLast(2)
        let good = try parseConfigText(String(text) + #", "sync": {"grant": {"groups": ["team"], "permissions": ["UPDATE"]}}}"#)
        #expect(good.config.sync.grant.permissions == ["READ", "UPDATE"])
        #expect(throws: ConfigError.self) {
            try parseConfigText(String(text) + #", "sync": {"grant": {"permissions": ["WRITE"]}}}"#)
        }
    }
}
