import Testing
@testable import ProxGuacCore

/// Notes written for Proxmox-Guacamole-Sync (SpotlightForBugs, `guac_vm_manager.py`,
/// `parse_credentials_from_notes` and `_parse_credential_line`) give the entries that tool gave.
/// Each test names the behaviour of that tool it pins down.
struct NotesCompatibilityTests {
    /// The example of that tool's README, including its per-protocol port and VNC settings.
    @Test func readmeExample() {
        let notes = """
        user:"admin" pass:"P@ssw0rd" protos:"rdp,vnc" rdp_port:"3390" confName:"{vmname}-{user}-{proto}";
        user:"readonly" pass:"view123" protos:"vnc" vnc_settings:"read-only=true,color-depth=16";
        """
        let parsed = NotesParser.parse(notes)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.summaries == [
            .init(username: "admin", password: "plain:P@ssw0rd", protocols: [.rdp, .vnc], ports: [.rdp: 3390],
                  connectionName: "{vmname}-{user}-{proto}"),
            .init(username: "readonly", password: "plain:view123", protocols: [.vnc],
                  settings: [.vnc: "read-only=true,color-depth=16"]),
        ])
        #expect(parsed.entries[0].port(for: .vnc) == 5900)
    }

    /// `re.findall(r"[^;]*;", notes)`: entries end at `;`, may span lines, share a line, and the
    /// text between them is ignored.
    @Test func entriesAreCutAtSemicolons() {
        let notes = "Windows box, ask Bob.\nuser:\"a\" pass:\"1\"\nprotos:\"rdp\"; user:\"b\" pass:\"2\" protos:\"ssh\";\nbye"
        #expect(NotesParser.parse(notes).summaries == [
            .init(username: "a", password: "plain:1"),
            .init(username: "b", password: "plain:2", protocols: [.ssh]),
        ])
    }

    /// `(\w+):\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))`: double, single or bare values, white space after
    /// the colon, any key order; `value.strip()` trims.
    @Test func valueForms() {
        let notes = "protos: rdp   pass: ' secret '  user:\"admin\";"
        #expect(NotesParser.parse(notes).summaries == [.init(username: "admin", password: "plain:secret")])
    }

    /// `if value:` drops empty values, so an empty alias does not hide the other one.
    @Test func emptyValueCountsAsAbsent() {
        #expect(NotesParser.parse(#"username:"" user:"u" pass:"p" protos:"rdp";"#).summaries == [.init()])
    }

    /// `params.get("username", params.get("user"))` and likewise for every aliased key.
    @Test func aliasPrecedence() {
        let notes = #"user:"old" username:"new" pass:"a" password:"b" proto:"ssh" protos:"vnc" protocols:"rdp" "#
            + #"confName:"c" connection_name:"{user}" rdpSettings:"dpi=1" rdp_settings:"dpi=2" "#
            + #"wolDisabled:"false" wol_disabled:"true";"#
        #expect(NotesParser.parse(notes).summaries == [
            .init(username: "new", password: "plain:b", connectionName: "{user}", settings: [.rdp: "dpi=2"],
                  wakeOnLANDisabled: true),
        ])
    }

    /// `int(params.get(f"{protocol}_port", params.get("port", default_port)))` with 3389/5900/22 defaults.
    @Test func portFallbacks() throws {
        let entry = try #require(NotesParser.parse(#"user:"u" pass:"p" protos:"rdp,vnc,ssh" port:"4000" ssh_port:"2222";"#).entries.first)
        #expect(GuestProtocol.allCases.map(entry.port(for:)) == [4000, 4000, 2222])
        let plain = try #require(NotesParser.parse(#"user:"u" pass:"p" protos:"rdp,vnc,ssh";"#).entries.first)
        #expect(GuestProtocol.allCases.map(plain.port(for:)) == [3389, 5900, 22])
    }

    /// `p.strip().lower()` over `protocols_str.split(",")`.
    @Test func protocolsAreCaseInsensitive() {
        #expect(NotesParser.parse(#"user:"u" pass:"p" protos:"RDP , Ssh";"#).summaries == [.init(protocols: [.rdp, .ssh])])
    }

    /// Settings: `split(",")`, items with `=`, `split("=", 1)`, keys and values stripped; rdp settings only
    /// for rdp, vnc settings only for vnc.
    @Test func settingsParsing() {
        let notes = #"user:"u" pass:"p" protos:"rdp,vnc" rdp_settings:" security = nla ,server-layout=de-de-qwertz" "#
            + #"vnc_settings:"color-depth=32,cursor=local,";"#
        #expect(NotesParser.parse(notes).summaries == [.init(
            protocols: [.rdp, .vnc],
            settings: [.rdp: "security=nla,server-layout=de-de-qwertz", .vnc: "color-depth=32,cursor=local"]
        )])
    }

    /// `wol_disabled_str.lower() in ["true", "1", "yes"]`.
    @Test(arguments: ["true", "True", "1", "yes", "YES"])
    func wakeOnLANDisabledSpellings(value: String) {
        #expect(NotesParser.parse(#"user:"u" pass:"p" protos:"rdp" wol_disabled:""# + value + #"";"#)
            .summaries == [.init(wakeOnLANDisabled: true)])
    }

    /// `default_conf_name:\s*["']([^"']+)["']` searched in the whole notes; its own line is not an entry;
    /// `custom_name or default_template or "{user}@{vmname}-{proto}"`.
    @Test func defaultConnectionName() throws {
        let notes = "user:\"a\" pass:\"p\" protos:\"rdp\";\ndefault_conf_name: '{vmname}-{proto}';\n"
            + "user:\"b\" pass:\"p\" protos:\"rdp\" confName:\"{user}-x\";"
        let parsed = NotesParser.parse(notes)
        #expect(parsed.diagnostics.isEmpty)
        let variables = TemplateVariables(vmname: "vm", user: "a", proto: .rdp, port: 3389, vmid: 1, node: "n")
        #expect(parsed.entries.map { parsed.nameTemplate(for: $0).render(variables) } == ["vm-rdp", "a-x"])
    }

    /// Unknown keys (`\w+` pairs the tool never reads) are ignored; so is text after the last `;`.
    @Test func unknownKeysAndTrailingTextAreIgnored() {
        let notes = #"user:"u" pass:"p" protos:"rdp" note:"lab only" owner:bob;"# + "\nremember: patch tuesday"
        #expect(NotesParser.parse(notes).summaries == [.init()])
    }

    /// `if encrypted_password and not password`: a plain password wins over the encrypted one.
    @Test func plainPasswordWinsOverEncrypted() {
        let notes = #"user:"u" encrypted_password:"gAAAAB" pass:"p" protos:"rdp";"#
        #expect(NotesParser.parse(notes).summaries == [.init()])
    }

    /// The tool's template placeholders and aliases: `{vmname} {user} {username} {proto} {protocol} {vmid}
    /// {vm_id} {node} {vmnode} {vm_node} {ip} {vmip} {vm_ip} {hostname} {host} {port}`.
    @Test func templatePlaceholders() throws {
        let template = try NameTemplate("{vmname}|{username}|{protocol}|{vm_id}|{vm_node}|{vm_ip}|{host}|{port}")
        let variables = TemplateVariables(
            vmname: "vm", user: "u", proto: .ssh, port: 22, vmid: 9, node: "n", ip: "203.0.113.5", hostname: "h"
        )
        #expect(template.render(variables) == "vm|u|ssh|9|n|203.0.113.5|h|22")
    }
}
