import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Proxmox error statuses become errors that name what is wrong and what to do.
@Suite struct ProxmoxErrorTests {
    private let web01 = GuestReference(node: "pve1", vmid: 101, kind: .qemu)

    @Test func aMissingPrivilegeNamesThePrivilegeAndPath() async throws {
        let fixture = try LabFixture()
        let readonly = try fixture.proxmox(
            LabCredentials.token(LabCredentials.readonlyTokenID, secret: LabCredentials.readonlyTokenSecret))
        let digest = try #require(try await readonly.config(of: web01).digest)
        let error = await #expect(throws: ProxmoxError.self) {
            try await readonly.setNotes("x", of: web01, digest: digest)
        }
        guard case .permissionDenied(let path, let privilege, _) = error else {
            Issue.record("expected permissionDenied, got \(String(describing: error))")
            return
        }
        #expect(path == "/vms/101")
        // PVE first checks "any of VM.Config.*" and names them all, `|`-joined (reference §5.1).
        #expect(privilege?.split(separator: "|").contains("VM.Config.Options") == true)
        #expect(error?.description.contains("on /vms/101") == true)
        #expect(error?.description.contains("VM.Config.Options") == true)
    }

    @Test func anEndpointMissingFromOlderProxmoxIsNotSupported() async throws {
        var options = LabOptions()
        options.proxmoxVersion = "8.0"
        let fixture = try LabFixture(options)
        let error = await #expect(throws: ProxmoxError.self) {
            _ = try await fixture.proxmox().containerInterfaces(node: "pve1", vmid: 200)
        }
        guard case .notSupported(let request, _) = error else {
            Issue.record("expected notSupported, got \(String(describing: error))")
            return
        }
        #expect(request == "GET /nodes/pve1/lxc/200/interfaces")
    }

    @Test func anUnreachableNodeIsReportedAsOffline() async throws {
        let fixture = try LabFixture()
        fixture.lab.setNodeOnline("pve2", false)
        let proxmox = try fixture.proxmox()
        let error = await #expect(throws: ProxmoxError.self) {
            _ = try await proxmox.config(of: GuestReference(node: "pve2", vmid: 102, kind: .qemu))
        }
        guard case .nodeOffline(let node, let reason) = error else {
            Issue.record("expected nodeOffline, got \(String(describing: error))")
            return
        }
        #expect(node == "pve2")
        #expect(reason == "No route to host")
        // The cluster list still answers, with the offline node's guests in state unknown.
        let guests = try await proxmox.guests()
        #expect(guests.first { $0.vmid == 102 }?.status == "unknown")
    }

    @Test func agentProblemsAreAgentErrorsNotSyncFailures() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let notRunning = await #expect(throws: ProxmoxError.self) {
            _ = try await proxmox.agentInterfaces(node: "pve2", vmid: 103)
        }
        let notConfigured = await #expect(throws: ProxmoxError.self) {
            _ = try await proxmox.agentInterfaces(node: "pve3", vmid: 104)
        }
        guard case .agentUnavailable(103, let reasonRunning) = notRunning,
            case .agentUnavailable(104, let reasonConfigured) = notConfigured
        else {
            Issue.record("expected agentUnavailable, got \(String(describing: notRunning)), \(String(describing: notConfigured))")
            return
        }
        #expect(reasonRunning == "QEMU guest agent is not running")
        #expect(reasonConfigured == "No QEMU guest agent configured")
    }

    @Test func aGuestOnAnotherNodeIsNotFound() async throws {
        let fixture = try LabFixture()
        let elsewhere = GuestReference(node: "pve2", vmid: 101, kind: .qemu)
        let error = await #expect(throws: ProxmoxError.self) { _ = try await fixture.proxmox().config(of: elsewhere) }
        guard case .guestNotFound(let guest) = error else {
            Issue.record("expected guestNotFound, got \(String(describing: error))")
            return
        }
        #expect(guest == elsewhere)
    }

    @Test func aConcurrentEditIsDetectedByTheDigest() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        let digest = try #require(try await proxmox.config(of: web01).digest)
        fixture.lab.setNotes(vmid: 101, "edited in the web UI meanwhile")
        let error = await #expect(throws: ProxmoxError.self) {
            try await proxmox.setNotes("proxguac's version", of: web01, digest: digest)
        }
        guard case .configChanged(let guest) = error else {
            Issue.record("expected configChanged, got \(String(describing: error))")
            return
        }
        #expect(guest == web01)
        #expect(fixture.lab.notes(vmid: 101) == "edited in the web UI meanwhile")
    }

    @Test func aLockedGuestIsReportedWithItsLock() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox()
        fixture.lab.setConfig(vmid: 101, key: "lock", "backup")
        let digest = try #require(try await proxmox.config(of: web01).digest)
        let error = await #expect(throws: ProxmoxError.self) { try await proxmox.setNotes("x", of: web01, digest: digest) }
        guard case .locked(_, let reason) = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        #expect(reason == "VM is locked (backup)")
    }

    @Test func serverTextComesFromTheReasonPhraseOnOlderProxmox() async throws {
        var options = LabOptions()
        options.proxmoxVersion = "7.4"  // error bodies are {"data":null} only
        let fixture = try LabFixture(options)
        fixture.lab.setConfig(vmid: 101, key: "lock", "migrate")
        let proxmox = try fixture.proxmox()
        let digest = try #require(try await proxmox.config(of: web01).digest)
        let error = await #expect(throws: ProxmoxError.self) { try await proxmox.setNotes("x", of: web01, digest: digest) }
        guard case .locked(_, let reason) = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        #expect(reason == "VM is locked (migrate)")
    }
}
