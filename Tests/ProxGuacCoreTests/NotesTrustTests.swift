import Foundation
import Testing
@testable import ProxGuacCore

/// Notes are untrusted input (issue 14): what a note may set, where it may point, where it may place
/// connections, and that a refusal blocks the entry whole.
@Suite("Notes as untrusted input")
struct NotesTrustTests {
    static let guest = GuestFacts(vmid: 105, name: "monitoring", node: "pve1", kind: .qemu, status: "running",
                                  macAddresses: [0: "BC:24:11:10:01:05"], address: "198.51.100.25", addressSource: "agent")

    static func build(_ notes: String, settings: DesiredConnectionSettings = DesiredConnectionSettings(), guest: GuestFacts = guest,
                      resolved: [String: [IPAddress]] = [:]) -> GuestBuildResult {
        DesiredConnectionBuilder(settings: settings)
            .build(guest: guest, notes: NotesParser.parse(notes), resolvedHosts: resolved) { _, _ in Secret("unused") }
    }

    static let refusedByProtocol: [(GuestProtocol, String)] = [
        (.rdp, "enable-drive"), (.rdp, "drive-path"), (.rdp, "create-drive-path"), (.rdp, "drive-name"),
        (.rdp, "enable-printing"), (.rdp, "printer-name"), (.rdp, "recording-path"), (.rdp, "create-recording-path"),
        (.rdp, "recording-name"), (.rdp, "gateway-hostname"), (.rdp, "gateway-port"), (.rdp, "gateway-password"),
        (.rdp, "initial-program"), (.rdp, "remote-app"), (.rdp, "remote-app-dir"), (.rdp, "static-channels"),
        (.rdp, "load-balance-info"), (.rdp, "sftp-hostname"), (.rdp, "wol-broadcast-addr"), (.rdp, "proxguac-id"),
        (.ssh, "typescript-path"), (.ssh, "create-typescript-path"), (.ssh, "command"), (.ssh, "sftp-hostname"),
        (.ssh, "recording-path"), (.vnc, "dest-host"), (.vnc, "dest-port"), (.vnc, "reverse-connect"),
        (.vnc, "audio-servername"), (.vnc, "guacd-hostname"), (.vnc, "sftp-hostname"),
    ]

    @Test("every parameter that reaches the guacd host or another host is refused, naming the key and the switch")
    func refusedParameters() {
        let policy = NotesParameterPolicy()
        for (proto, name) in Self.refusedByProtocol {
            let line = policy.refusal(name, for: proto, key: "\(proto.rawValue)_settings")
            #expect(line?.contains("'\(name)'") == true, "\(name)")
            #expect(line?.contains("sync.notes.allowParameters: [\"\(name)\"]") == true, "\(line ?? "allowed: \(name)")")
        }
    }

    @Test("display, keyboard, clipboard, audio, security and SFTP to the guest itself are allowed")
    func allowedParameters() {
        let policy = NotesParameterPolicy()
        for (proto, name) in [(GuestProtocol.rdp, "color-depth"), (.rdp, "security"), (.rdp, "ignore-cert"), (.rdp, "server-layout"),
                              (.rdp, "resize-method"), (.rdp, "enable-wallpaper"), (.rdp, "disable-copy"), (.rdp, "enable-sftp"),
                              (.rdp, "sftp-root-directory"), (.vnc, "read-only"), (.vnc, "encodings"), (.ssh, "font-size"),
                              (.ssh, "color-scheme"), (.ssh, "terminal-type"), (.ssh, "passphrase")] {
            #expect(policy.allows(name, for: proto), "\(proto) \(name)")
        }
        #expect(!policy.allows("font-size", for: .rdp), "allowed per protocol")
        #expect(NotesParameterPolicy(extraAllowed: ["initial-program"]).allows("initial-program", for: .rdp))
    }

    @Test("a refused key blocks the entry whole (no parameter stripped), one problem line per key")
    func refusedKeyBlocksEntry() {
        let result = Self.build(#"user:"admin" pass:"x" protos:"rdp,ssh" rdp_settings:"enable-drive=true,drive-path=/,color-depth=16" ssh_settings:"font-size=12";"#)
        #expect(result.desired.isEmpty)
        #expect(result.blocked.map(\.identity.protocolName).sorted() == ["rdp", "ssh"])
        #expect(result.problems.count == 2, "\(result.problems)")
        #expect(result.problems.allSatisfy { $0.contains("sync.notes.allowParameters") })
    }

    @Test("sync.notes.allowParameters lets an admin allow a name")
    func adminAllows() {
        var settings = DesiredConnectionSettings()
        settings.trust.allowParameters = ["initial-program"]
        let result = Self.build(#"user:"admin" pass:"x" protos:"rdp" rdp_settings:"initial-program=calc.exe";"#, settings: settings)
        #expect(result.desired.first?.parameters["initial-program"] == "calc.exe")
    }

    @Test("host: loopback, link-local, multicast, this host's own address are refused; network.allowedTargets decides when set",
          arguments: ["127.0.0.1", "169.254.1.1", "224.0.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1", "203.0.113.7"])
    func pinnedHostTargets(host: String) {
        var settings = DesiredConnectionSettings()
        settings.targets = TargetPolicy(ownAddresses: [try! IPAddress("203.0.113.7")])
        let result = Self.build("user:\"admin\" pass:\"x\" protos:\"ssh\" host:\"\(host)\";", settings: settings)
        #expect(result.desired.isEmpty, "\(host)")
        #expect(result.problems.first?.contains("host \(host) is") == true, "\(result.problems)")
        settings.targets = TargetPolicy(allowed: [AddressBlock(parsing: "127.0.0.0/8")!])
        let allowed = Self.build("user:\"admin\" pass:\"x\" protos:\"ssh\" host:\"127.0.0.1\";", settings: settings)
        #expect(allowed.desired.first?.parameters["hostname"] == "127.0.0.1")
        let outside = Self.build("user:\"admin\" pass:\"x\" protos:\"ssh\" host:\"198.51.100.9\";", settings: settings)
        #expect(outside.problems.first?.contains("not in network.allowedTargets") == true)
    }

    @Test("an address reported by the guest agent is checked too")
    func agentAddressChecked() {
        var guest = Self.guest
        guest.address = "127.0.0.1"
        let result = Self.build(#"user:"admin" pass:"x" protos:"ssh";"#, guest: guest)
        #expect(result.desired.isEmpty)
        #expect(result.problems.first?.contains("the guest's address 127.0.0.1 (from agent) is a loopback address") == true, "\(result.problems)")
    }

    @Test("host names: refused unless sync.notes.allowHostNames; then every resolved address is checked")
    func hostNames() {
        let notes = #"user:"admin" pass:"x" protos:"ssh" host:"db.example.org";"#
        #expect(Self.build(notes).problems.first?.contains("sync.notes.allowHostNames") == true)
        var settings = DesiredConnectionSettings()
        settings.trust.allowHostNames = true
        let good = Self.build(notes, settings: settings, resolved: ["db.example.org": [try! IPAddress("198.51.100.40")]])
        #expect(good.desired.first?.parameters["hostname"] == "db.example.org")
        let bad = Self.build(notes, settings: settings,
                             resolved: ["db.example.org": [try! IPAddress("198.51.100.40"), try! IPAddress("127.0.0.1")]])
        #expect(bad.desired.isEmpty)
        #expect(bad.problems.first?.contains("resolves to 127.0.0.1, a loopback address") == true, "\(bad.problems)")
        #expect(Self.build(notes, settings: settings).problems.first?.contains("does not resolve") == true)
    }

    @Test("a notes Wake-on-LAN broadcast-addr must be a sane broadcast", arguments: ["127.0.0.1", "0.0.0.0", "239.1.2.3"])
    func wakeOnLANBroadcast(address: String) {
        let parsed = NotesParser.parse("user:\"a\" pass:\"x\" protos:\"rdp\" wol_settings:\"broadcast-addr=\(address)\";")
        #expect(parsed.entries.isEmpty)
        #expect(parsed.diagnostics.contains { $0.code == .invalidWakeOnLAN && $0.message.contains("must be a broadcast address") })
        #expect(!NotesParser.parse(#"user:"a" pass:"x" protos:"rdp" wol_settings:"broadcast-addr=198.51.100.255";"#).entries.isEmpty)
    }

    @Test("group: only the guest's own group, a sub-group of it, or a shared group")
    func groups() {
        let own = Self.build(#"user:"a" pass:"x" protos:"ssh" group:"monitoring (105)";"#)
        #expect(own.desired.first?.groupNames == ["monitoring (105)"])
        let sub = Self.build(#"user:"a" pass:"x" protos:"ssh" group:"monitoring (105)/ops";"#)
        #expect(sub.desired.first?.groupNames == ["monitoring (105)", "ops"])
        let squat = Self.build(#"user:"a" pass:"x" protos:"ssh" group:"web01 (101)";"#)
        #expect(squat.desired.isEmpty)
        #expect(squat.problems.first?.contains("group \"web01 (101)\" is not this guest's") == true, "\(squat.problems)")
        #expect(squat.problems.first?.contains("sync.notes.sharedGroups") == true)
        var settings = DesiredConnectionSettings()
        settings.trust.sharedGroups = ["Shared"]
        #expect(Self.build(#"user:"a" pass:"x" protos:"ssh" group:"Shared";"#, settings: settings).desired.first?.groupNames == ["Shared"])
    }

    @Test("a place two entries want goes to the one already there, not to the lower vmid")
    func collisionSettledByHistory() {
        var world = World()
        let owner = Fixture.desired(vmid: 105, user: "ops", vmname: "monitoring", groupNames: ["Shared"], name: "console")
        world.synced(owner)
        let squatter = Fixture.desired(vmid: 101, user: "ops", vmname: "web01", groupNames: ["Shared"], name: "console")
        let plan = world.plan([squatter, owner])
        let rows = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.identity, $0) })
        #expect(rows[owner.identity]?.status == .ok, "\(plan.renderText())")
        #expect(rows[squatter.identity]?.status == .invalidNotes)
        #expect(rows[squatter.identity]?.reason.contains("already belongs to pve:105") == true, "\(rows[squatter.identity]?.reason ?? "")")
        #expect(plan.touchedConnections.isEmpty)
    }

    @Test("a place two new guests want goes to neither (never to the lower vmid) until one is renamed")
    func collisionWithoutHistoryBlocksBoth() {
        var world = World()
        world.root()
        let low = Fixture.desired(vmid: 101, user: "ops", vmname: "web01", groupNames: ["Shared"], name: "console")
        let high = Fixture.desired(vmid: 105, user: "ops", vmname: "monitoring", groupNames: ["Shared"], name: "console")
        let plan = world.plan([high, low])
        let rows = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.identity, $0) })
        #expect(rows[low.identity]?.status == .invalidNotes, "\(plan.renderText())")
        #expect(rows[high.identity]?.status == .invalidNotes)
        #expect(rows[low.identity]?.reason.contains("also wanted by pve:105") == true, "\(rows[low.identity]?.reason ?? "")")
        #expect(rows[high.identity]?.reason.contains("also wanted by pve:101") == true)
        #expect(plan.actions(in: .createConnections).isEmpty)

        // Renamed by the admin: both are created.
        let renamed = Fixture.desired(vmid: 105, user: "ops", vmname: "monitoring", groupNames: ["Shared"], name: "console 2")
        #expect(world.plan([renamed, low]).actions(in: .createConnections).count == 2)
    }

    @Test("malformed items of secret-bearing keys are never quoted back",
          arguments: ["passphrase Hunter3Pass", "sftp-password:Hunter3Pass", "gateway-password Hunter3Pass", "private-key Hunter3Pass",
                      "secret Hunter3Pass", "token Hunter3Pass", "whatever Hunter3Pass"])
    func noSecretEcho(item: String) {
        for key in ["rdp_settings", "ssh_settings", "vnc_settings", "wol_settings"] {
            let parsed = NotesParser.parse("user:\"a\" pass:\"x\" protos:\"rdp,ssh,vnc\" \(key):\"color-depth=16,\(item)\";")
            let text = parsed.diagnostics.map(\.message).joined(separator: "\n")
            #expect(!text.contains("Hunter3Pass"), "\(text)")
            #expect(!text.isEmpty)
        }
    }

    @Test("ciphertext sightings: first sight is accepted where it is, then only there; the state file keeps them")
    func sightingsRoundTrip() throws {
        var sightings = CiphertextSightings()
        let here = CredentialPlace(vmid: 101, user: "deploy")
        #expect(sightings.verdict("v1:abc", at: here) == .firstSight)
        sightings.record("v1:abc", at: here)
        #expect(sightings.verdict(" v1:abc ", at: here) == .seenHere)
        #expect(sightings.verdict("v1:abc", at: CredentialPlace(vmid: 105, user: "deploy")) == .seenElsewhere([here]))
        var state = SyncState.empty
        let plain = state.stateFileBytes()
        state.ciphertexts = sightings
        let bytes = state.stateFileBytes()
        let read = try SyncState(stateFileBytes: bytes)
        #expect(read.ciphertexts == sightings)
        #expect(try SyncState(stateFileBytes: plain).ciphertexts.isEmpty, "files without sightings read as before")
        #expect(!String(decoding: bytes, as: UTF8.self).contains("v1:abc"), "only fingerprints are stored")
        let next = read.updated(after: Plan(actions: [], rows: [], unidentified: [], notices: [], options: Fixture.options()),
                                createdIdentifiers: [:], at: Fixture.syncDate)
        #expect(next.ciphertexts == sightings, "carried to the next state")
    }
}
