import Foundation
import Testing
@testable import ProxGuacCore

/// Issue 20: a named cluster is part of a guest's identity; the single unnamed cluster keeps `pve:<vmid>:…`.
@Suite("Identity with clusters")
struct ClusterIdentityTests {
    let lab = ClusterName("lab")!
    let prod = ClusterName("prod")!

    @Test("the single unnamed cluster keeps the marker it always had")
    func unnamedMarkerUnchanged() throws {
        let identity = ConnectionIdentity.proxmox(vmid: 101, protocolName: "rdp", username: "admin")
        #expect(IdentityMarker.encode(identity) == "v1:pve:101:rdp:admin")
        #expect(try IdentityMarker.decode("v1:pve:101:rdp:admin") == identity)
        #expect(identity.source.guest == GuestKey(vmid: 101))
    }

    @Test("a named cluster's marker carries the name and reads back")
    func namedMarkerRoundTrip() throws {
        let identity = ConnectionIdentity.proxmox(cluster: lab, vmid: 101, protocolName: "ssh", username: "root@local:x")
        let marker = IdentityMarker.encode(identity)
        #expect(marker == "v1:pve:lab:101:ssh:root%40local%3Ax")
        #expect(try IdentityMarker.decode(marker) == identity)
        #expect(identity.description == "pve:lab:101:ssh:root%40local%3Ax")
    }

    @Test("the same vmid in two clusters is two identities, and never the unnamed one")
    func overlappingVmidsAreDistinct() {
        let a = ConnectionIdentity.proxmox(cluster: lab, vmid: 101, protocolName: "rdp", username: "admin")
        let b = ConnectionIdentity.proxmox(cluster: prod, vmid: 101, protocolName: "rdp", username: "admin")
        let plain = ConnectionIdentity.proxmox(vmid: 101, protocolName: "rdp", username: "admin")
        #expect(Set([a, b, plain]).count == 3)
        #expect([b, a, plain].sorted() == [plain, a, b])
        #expect(a.source.description == "guest lab/101")
    }

    @Test("markers with a broken cluster field are refused with the rule", arguments: [
        "v1:pve:Lab:101:rdp:admin", "v1:pve:-x:101:rdp:admin", "v1:ext:lab:nas:ssh:root", "v1:pve:lab:x:rdp:admin",
    ])
    func brokenMarkers(marker: String) {
        #expect(throws: IdentityMarkerError.self) { try IdentityMarker.decode(marker) }
    }

    @Test("the state file key of a named guest survives a save and load")
    func stateKeyCodable() throws {
        let identity = ConnectionIdentity.proxmox(cluster: prod, vmid: 7, protocolName: "vnc", username: "")
        let data = try JSONEncoder().encode([identity])
        #expect(String(decoding: data, as: UTF8.self) == "[\"pve:prod:7:vnc:\"]")
        #expect(try JSONDecoder().decode([ConnectionIdentity].self, from: data) == [identity])
    }

    @Test("guest selectors: lab/101 or 101", arguments: [
        ("lab/101", GuestKey(cluster: ClusterName("lab"), vmid: 101)), ("101", GuestKey(vmid: 101)),
        ("Lab/101", nil), ("lab/", nil), ("lab/0", nil), ("a/b/1", nil), ("0101", nil),
    ])
    func guestKeyText(text: String, expected: GuestKey?) {
        #expect(GuestKey(text) == expected)
        if let expected { #expect(expected.description == text) }
    }

    @Test("list --json names the cluster; the unnamed cluster's rows have no cluster key")
    func jsonRowsNameTheCluster() throws {
        func row(_ cluster: ClusterName?) -> SyncStatusRow {
            SyncStatusRow(identity: .proxmox(cluster: cluster, vmid: 101, protocolName: "rdp", username: "admin"), statuses: [.ok],
                          reason: "in sync", name: "web", path: GroupPath(["Proxmox"]), guestName: "web", guacIdentifier: "1",
                          changedFields: [], stateUpdate: .keep)
        }
        let named = StatusListDocument(rows: [row(lab)]).jsonText()
        #expect(named.contains("\"cluster\":\"lab\"") || named.contains("\"cluster\" : \"lab\""), "\(named)")
        #expect(!StatusListDocument(rows: [row(nil)]).jsonText().contains("cluster"))
    }
}
