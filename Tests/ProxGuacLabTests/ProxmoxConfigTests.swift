import Foundation
import ProxGuacLab
import Testing

@Suite("Proxmox notes, digest and config writes")
struct ProxmoxConfigTests {
    @Test("a write with a stale digest fails like PVE and leaves the notes alone")
    func digestMismatch() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let digest = try #require(client.get("/nodes/pve1/qemu/101/config").dataObject["digest"] as? String)
        lab.setNotes(vmid: 101, "edited by someone else")
        let response = client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=mine&digest=\(digest)")
        #expect(response.status == 500)
        #expect(response.reason == "checksum mismatch (file change by other user?)")
        #expect(lab.notes(vmid: 101) == "edited by someone else")

        let lxcDigest = try #require(client.get("/nodes/pve1/lxc/200/config").dataObject["digest"] as? String)
        lab.setNotes(vmid: 200, "changed")
        let lxc = client.send("PUT", "/nodes/pve1/lxc/200/config", form: "description=mine&digest=\(lxcDigest)")
        #expect(lxc.reason == "detected modified configuration - file changed by other user? Try again.")
    }

    @Test("a write with the current digest succeeds and changes the digest")
    func digestMatch() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let before = try #require(client.get("/nodes/pve1/qemu/101/config").dataObject["digest"] as? String)
        #expect(before == lab.configDigest(vmid: 101))
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=new&digest=\(before)").status == 200)
        let after = client.get("/nodes/pve1/qemu/101/config").dataObject["digest"] as? String
        #expect(after != before)
        #expect(after?.count == 40)
    }

    @Test("a config read again shows every change since: an API write, a notes edit, an option set by hand")
    func configReadsFollowChanges() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let first = client.get("/nodes/pve1/qemu/101/config")
        #expect(client.get("/nodes/pve1/qemu/101/config").body == first.body)

        lab.setNotes(vmid: 101, "edited in the web UI")
        let edited = client.get("/nodes/pve1/qemu/101/config").dataObject
        #expect(edited["description"] as? String == "edited in the web UI")
        #expect(edited["digest"] as? String == lab.configDigest(vmid: 101))

        lab.setConfig(vmid: 101, key: "name", "renamed-by-hand")
        let renamed = client.get("/nodes/pve1/qemu/101/config").dataObject
        #expect(renamed["name"] as? String == "renamed-by-hand")
        #expect(renamed["digest"] as? String == lab.configDigest(vmid: 101))

        let digest = try #require(renamed["digest"] as? String)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=written&digest=\(digest)").status == 200)
        let written = client.get("/nodes/pve1/qemu/101/config").dataObject
        #expect(written["description"] as? String == "written")
        #expect(written["name"] as? String == "renamed-by-hand")
        #expect(written["digest"] as? String == lab.configDigest(vmid: 101))
    }

    @Test("answers written ahead (the bench's prepared lab) are the bytes a fresh lab builds on request")
    func preparedAnswersAreTheSame() throws {
        let fresh = try startDefaultLab()
        defer { fresh.stop() }
        let prepared = try startDefaultLab()
        defer { prepared.stop() }
        prepared.prepareAnswers()
        let paths = ["/nodes/pve1/qemu/101/config", "/nodes/pve1/qemu/101/agent/network-get-interfaces",
                     "/nodes/pve1/lxc/200/config", "/nodes/pve1/lxc/200/interfaces"]
        for path in paths {
            let expected = PVEClient(fresh).get(path)
            let answered = PVEClient(prepared).get(path)
            #expect(expected.status == 200, "\(path)")
            #expect(answered.status == expected.status, "\(path)")
            #expect(answered.body == expected.body, "\(path)")
        }
        prepared.setNotes(vmid: 101, "changed after preparing")
        #expect(PVEClient(prepared).get(paths[0]).dataObject["description"] as? String == "changed after preparing")
    }

    @Test("form bodies split on ';' and '&' and keep only the first '=' part, like pveproxy")
    func rawSeparatorsCutNotes() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=pass:\"x;onboot=1").status == 200)
        #expect(lab.notes(vmid: 101) == "pass:\"x")
        let cut = client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=pass:\"x;y\"")
        #expect(cut.status == 400)
        #expect((cut.object["errors"] as? [String: String])?.keys.sorted() == ["y\""])
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=a=b").status == 200)
        #expect(lab.notes(vmid: 101) == "a")
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=a+b&tags=x").status == 200)
        #expect(lab.notes(vmid: 101) == "a b")
    }

    @Test("percent-encoded notes with ; = + & % and Unicode round-trip exactly")
    func encodedNotesRoundTrip() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let notes = "user:\"deploy\" pass:\"a;b=c+d&e%41 f\";\nCafé ✓\n\nlast line"
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=\(formEncode(notes))").status == 200)
        #expect(lab.notes(vmid: 101) == notes)
        #expect(client.get("/nodes/pve1/qemu/101/config").dataObject["description"] as? String == notes)
    }

    @Test("the legacy-% profile corrupts %XX on read like PVE before libpve-common 8.2.2")
    func legacyPercent() throws {
        let lab = try startDefaultLab { $0.proxmoxVersion = "8.0" }
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=\(formEncode("x%41 100%"))").status == 200)
        #expect(client.get("/nodes/pve1/qemu/101/config").dataObject["description"] as? String == "xA 100%")
    }

    @Test("QEMU trims trailing whitespace from notes, LXC ends every line with a newline")
    func notesQuirks() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        _ = client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=\(formEncode("notes  \n\n"))")
        #expect(lab.notes(vmid: 101) == "notes")
        _ = client.send("PUT", "/nodes/pve1/lxc/200/config", form: "description=\(formEncode("one\ntwo"))")
        #expect(client.get("/nodes/pve1/lxc/200/config").dataObject["description"] as? String == "one\ntwo\n")
    }

    @Test("notes over 8192 characters get 400 with the parameter error")
    func notesTooLong() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let response = PVEClient(lab).send("PUT", "/nodes/pve1/qemu/101/config",
                                           form: "description=" + String(repeating: "x", count: 8193))
        #expect(response.status == 400)
        #expect(response.reason == "Parameter verification failed.")
        #expect((response.object["errors"] as? [String: String])?["description"] == "value may only be 8192 characters long")
    }

    @Test("tags are normalised and network lines get PVE's order and a BC:24:11 MAC")
    func normalisation() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = try PVEClient.root(lab)
        let response = client.send("PUT", "/nodes/pve1/qemu/101/config",
                                   form: "tags=\(formEncode("Web, prod;web  Zeta"))&net1=\(formEncode("bridge=vmbr1,model=virtio,firewall=1"))")
        #expect(response.status == 200)
        let config = client.get("/nodes/pve1/qemu/101/config").dataObject
        #expect(config["tags"] as? String == "prod;web;zeta")
        let net1 = try #require(config["net1"] as? String)
        #expect(net1.hasPrefix("virtio=BC:24:11:"))
        #expect(net1.hasSuffix(",bridge=vmbr1,firewall=1"))
        let bad = client.send("PUT", "/nodes/pve1/qemu/101/config", form: "tags=\(formEncode("ok,-bad"))")
        #expect(bad.status == 400)
        let sync = PVEClient(lab).send("PUT", "/nodes/pve1/qemu/101/config", form: "net1=virtio,bridge=vmbr1")
        #expect(sync.reason == "Permission check failed (/vms/101, VM.Config.Network)")
    }

    @Test("a token without VM.Config.Options gets 403 before any lookup, even for a missing guest")
    func permissionsBeforeLookup() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        var client = PVEClient(lab)
        client.auth = ["Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxReadOnlyTokenID)=\(LabDemoCredentials.proxmoxReadOnlyTokenSecret)"]
        let existing = client.send("PUT", "/nodes/pve1/qemu/100/config", form: "description=x")
        #expect(existing.status == 403)
        #expect(existing.reason.hasPrefix("Permission check failed (/vms/100, "))
        #expect(existing.reason.contains("VM.Config.Options"))
        #expect(client.send("PUT", "/nodes/pve1/qemu/4242/config", form: "description=x").status == 403)
        let permissions = client.get("/access/permissions?path=/vms/100").dataObject
        let privileges = try #require(permissions["/vms/100"] as? [String: Int])
        #expect(privileges["VM.Audit"] != nil)
        #expect(privileges["VM.Config.Options"] == nil)
    }

    @Test("a guest asked for on the wrong node gets PVE's 'does not exist' error")
    func wrongNode() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let response = PVEClient(lab).get("/nodes/pve2/qemu/100/config")
        #expect(response.status == 500)
        #expect(response.reason == "Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist")
    }

    @Test("a lock blocks writes, with QEMU checking the digest first and LXC the lock first")
    func lockOrder() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        lab.setConfig(vmid: 101, key: "lock", "backup")
        lab.setConfig(vmid: 200, key: "lock", "backup")
        let stale = String(repeating: "0", count: 40)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=x&digest=\(stale)").reason
            == "checksum mismatch (file change by other user?)")
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=x").reason == "VM is locked (backup)")
        #expect(client.send("PUT", "/nodes/pve1/lxc/200/config", form: "description=x&digest=\(stale)").reason
            == "CT is locked (backup)")
    }
}
