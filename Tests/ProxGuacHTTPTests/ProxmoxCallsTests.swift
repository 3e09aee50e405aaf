import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// The Proxmox reads and writes proxguac relies on, against the emulated cluster.
@Suite struct ProxmoxCallsTests {
    @Test func theClusterListHasEveryGuestWithItsNodeAndType() async throws {
        let fixture = try LabFixture()
        let guests = try await fixture.proxmox().guests()
        #expect(guests.count == 10)
        let desktop = try #require(guests.first { $0.vmid == 100 })
        #expect(desktop.reference == GuestReference(node: "pve1", vmid: 100, kind: .qemu))
        #expect(desktop.name == "win-desktop")
        #expect(desktop.tags == "office;windows")
        #expect(guests.first { $0.vmid == 9000 }?.isTemplate == true)
        #expect(guests.first { $0.vmid == 200 }?.kind == .lxc)
    }

    @Test func nodesCarryTheCertificateFingerprintToPin() async throws {
        let fixture = try LabFixture()
        let nodes = try await fixture.proxmox().nodes()
        #expect(Set(nodes.map(\.node)) == ["pve1", "pve2", "pve3"])
        #expect(nodes.allSatisfy { $0.sslFingerprint == fixture.lab.fingerprint })
    }

    @Test func permissionsOfOnePathIncludeInheritedPrivileges() async throws {
        let fixture = try LabFixture()
        let permissions = try await fixture.proxmox().permissions(path: "/vms/100")
        #expect(permissions.has("VM.Audit", on: "/vms/100"))
        #expect(permissions.has("VM.Config.Options", on: "/vms/100"))
        #expect(!permissions.has("Sys.Modify", on: "/vms/100"))
    }

    @Test func configExposesNotesDigestNetworksAndAgent() async throws {
        let fixture = try LabFixture()
        let config = try await fixture.proxmox().config(of: GuestReference(node: "pve1", vmid: 101, kind: .qemu))
        #expect(config.description == fixture.lab.notes(vmid: 101))
        #expect(config.digest == fixture.lab.configDigest(vmid: 101))
        #expect(config.agentEnabled)
        #expect(config.networks[0]?.hasPrefix("virtio=BC:24:11:10:01:01") == true)
        #expect(config.ipConfigs[0] == "ip=198.51.100.21/24,gw=198.51.100.1")
        #expect(config.name == "web01")
    }

    /// Proxmox splits form fields on `;` and `&`, keeps two `=`-parts and turns `+` into a space: each of
    /// these must arrive percent-encoded to survive.
    @Test(arguments: [
        GuestReference(node: "pve1", vmid: 101, kind: .qemu), GuestReference(node: "pve1", vmid: 200, kind: .lxc),
    ])
    func notesWithSeparatorsQuotesNewlinesAndUTF8SurviveARoundTrip(guest: GuestReference) async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let notes = "user:\"admin\" pass:\"a;b=c+d&e%41 100%\" protos:\"rdp\";\n\n'single' \"double\" tab\there\nCafé ゲスト 🦊"
        let digest = try #require(try await proxmox.config(of: guest).digest)
        try await proxmox.setNotes(notes, of: guest, digest: digest)
        // LXC appends a newline to every stored comment line; QEMU gives the text back as written.
        let expected = guest.kind == .lxc ? notes + "\n" : notes
        #expect(fixture.lab.notes(vmid: guest.vmid) == expected)
        #expect(try await proxmox.config(of: guest).description == expected)
    }

    @Test func emptyNotesDeleteTheDescription() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let guest = GuestReference(node: "pve1", vmid: 101, kind: .qemu)
        try await proxmox.setNotes("", of: guest, digest: try #require(try await proxmox.config(of: guest).digest))
        #expect(fixture.lab.notes(vmid: 101) == nil)
        #expect(try await proxmox.config(of: guest).description == nil)
    }

    @Test func theGuestAgentReportsInterfacesAndHostName() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let interfaces = try await proxmox.agentInterfaces(node: "pve1", vmid: 100)
        let ethernet = try #require(interfaces.first { $0.name == "Ethernet" })
        #expect(ethernet.mac == (try MACAddress("BC:24:11:10:01:00")))
        #expect(ethernet.addresses.map(\.description).contains("198.51.100.10/24"))
        #expect(try await proxmox.agentHostName(node: "pve1", vmid: 100) == "WIN-DESKTOP")
    }

    @Test(arguments: ["9.1", "8.2"])
    func containerInterfacesAreReadInNewAndLegacyShapes(proxmoxVersion: String) async throws {
        var options = LabOptions()
        options.proxmoxVersion = proxmoxVersion
        let fixture = try LabFixture(options)
        let proxmox = try fixture.proxmox()
        let interfaces = try #require(try await proxmox.containerInterfaces(node: "pve1", vmid: 200))
        let addresses = interfaces.filter { $0.name != "lo" }.flatMap(\.addresses).filter(\.address.isIPv4)
        #expect(!addresses.isEmpty)
        #expect(try await proxmox.containerInterfaces(node: "pve3", vmid: 202) == nil, "a stopped container has none")
    }

    @Test func stoppingAndStartingAGuestWaitsForTheTask() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let guest = GuestReference(node: "pve1", vmid: 101, kind: .qemu)
        let stop = try await proxmox.stop(guest)
        #expect(stop.node == "pve1")
        #expect(try await proxmox.waitForTask(stop).succeeded)
        #expect(fixture.lab.guestStatus(vmid: 101) == "stopped")
        #expect(try await proxmox.status(of: guest).isRunning == false)
        let start = try await proxmox.start(guest)
        #expect(try await proxmox.waitForTask(start).exitStatus == "OK")
        #expect(try await proxmox.status(of: guest).isRunning)
    }

    @Test func aFailedTaskReportsItsExitStatus() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        // Starting a running QEMU VM is a task error, not an HTTP error.
        let upid = try await proxmox.start(GuestReference(node: "pve1", vmid: 101, kind: .qemu))
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.waitForTask(upid) }
        guard case .taskFailed(_, let exitStatus) = error else {
            Issue.record("expected taskFailed, got \(String(describing: error))")
            return
        }
        #expect(exitStatus.contains("already running"))
    }
}
