import Foundation
import Testing
@testable import ProxGuacCore

@Suite("Connection identity and marker codec")
struct PlannerIdentityTests {
    @Test("markers round-trip for awkward usernames and external names", arguments: [
        ConnectionIdentity.proxmox(vmid: 100, protocolName: "rdp", username: "admin"),
        .proxmox(vmid: 7, protocolName: "ssh", username: "DOMAIN\\user"),
        .proxmox(vmid: 999_999, protocolName: "vnc", username: "a:b:c"),
        .proxmox(vmid: 101, protocolName: "rdp", username: "Jürgen Müller"),
        .proxmox(vmid: 102, protocolName: "ssh", username: ""),
        .proxmox(vmid: 103, protocolName: "ssh", username: "100%"),
        .external(name: "nas:01 / backup", protocolName: "ssh", username: "root@local"),
    ])
    func roundTrip(_ identity: ConnectionIdentity) throws {
        let marker = IdentityMarker.encode(identity)
        #expect(marker.hasPrefix("v1:"))
        #expect(marker.split(separator: ":", omittingEmptySubsequences: false).count == 5)
        #expect(try IdentityMarker.decode(marker) == identity)
    }

    @Test("the marker format is exactly as documented")
    func documentedFormat() {
        #expect(IdentityMarker.encode(.proxmox(vmid: 100, protocolName: "RDP", username: "admin")) == "v1:pve:100:rdp:admin")
        #expect(IdentityMarker.encode(.proxmox(vmid: 100, protocolName: "ssh", username: "a:b")) == "v1:pve:100:ssh:a%3Ab")
        #expect(IdentityMarker.encode(.external(name: "nas", protocolName: "ssh", username: "root@local"))
            == "v1:ext:nas:ssh:root%40local")
        #expect(ConnectionIdentity.proxmox(vmid: 100, protocolName: "rdp", username: "é").key == "pve:100:rdp:%C3%A9")
    }

    @Test("broken markers are rejected with one line naming the problem", arguments: [
        ("", "does not start with"),
        ("v2:pve:1:rdp:a", "does not start with"),
        ("v1:pve:abc:rdp:a", "vmid \"abc\""),
        ("v1:pve:0:rdp:a", "vmid \"0\""),
        ("v1:pve:01:rdp:a", "vmid \"01\""),
        ("v1:pve:1:RDP:a", "protocol \"RDP\""),
        ("v1:pve:1:rdp", "expected 4 fields"),
        ("v1:pve:1:rdp:a:b", "expected 4 fields"),
        ("v1:lxc:1:rdp:a", "source \"lxc\""),
        ("v1:pve:1:rdp:%zz", "percent-encoded"),
        ("v1:pve:1:rdp:a b", "percent-encoded"),
        ("v1:ext::ssh:a", "external host name"),
    ])
    func rejectsBrokenMarkers(_ marker: String, _ problem: String) {
        #expect {
            try IdentityMarker.decode(marker)
        } throws: { error in
            let text = (error as? IdentityMarkerError)?.description ?? ""
            return text.contains(problem) && !text.contains("\n") && text.contains("--push")
        }
    }

    @Test("a connection with a broken marker has no marked identity")
    func brokenMarkerIsIgnored() {
        let connection = ObservedConnection(identifier: "1", name: "x", parentIdentifier: "ROOT", protocolName: "rdp",
                                            parameters: [IdentityMarker.parameterName: "v1:pve:x:rdp:a"])
        #expect(connection.markedIdentity == nil)
    }

    @Test("identities encode as their key in JSON")
    func codable() throws {
        let identity = ConnectionIdentity.external(name: "nas", protocolName: "ssh", username: "root")
        let data = try JSONEncoder().encode([identity])
        #expect(String(decoding: data, as: UTF8.self) == "[\"ext:nas:ssh:root\"]")
        #expect(try JSONDecoder().decode([ConnectionIdentity].self, from: data) == [identity])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ConnectionIdentity].self, from: Data("[\"pve:x\"]".utf8)) }
    }

    @Test("desired connections carry their marker")
    func desiredCarriesMarker() {
        let desired = Fixture.desired()
        #expect(desired.parameters[IdentityMarker.parameterName] == "v1:pve:100:rdp:admin")
    }
}

@Suite("Field hash and parameters")
struct PlannerHashTests {
    @Test("SHA-256 matches the FIPS 180-2 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(_ input: String, _ expected: String) {
        #expect(SHA256.hexDigest(Array(input.utf8)) == expected)
    }

    @Test("SHA-256 over many blocks matches Python's hashlib")
    func sha256ManyBlocks() {
        #expect(SHA256.hexDigest((0..<1000).map { UInt8($0 % 251) }) == "4e4c294b331f7a2099a379bec34b9f9fc03dc46ab465d998f4d683da53487e6d")
    }

    private let fields = ConnectionFields(name: "admin@web01-rdp", protocolName: "rdp",
                                          parameters: ["hostname": "198.51.100.10", "port": "3389", "password": "pw"])

    @Test("the hash is pinned: the same fields hash the same on every run, machine and version")
    func pinned() {
        #expect(fields.hash.hex == "d260d564c35203991b253597afa666a55c8d81a81a5a600446a1158c1767dd45")
    }

    @Test("parameter order and empty values do not matter; every field does")
    func sensitivity() {
        let reordered = ConnectionFields(name: fields.name, protocolName: "RDP",
                                         parameters: ["password": "pw", "port": "3389", "hostname": "198.51.100.10", "domain": ""])
        #expect(reordered.hash == fields.hash)
        var changed = fields
        changed.parameters["password"] = "pw2"
        #expect(changed.hash != fields.hash)
        changed = fields
        changed.name += " "
        #expect(changed.hash != fields.hash)
        let shifted = ConnectionFields(name: "a", protocolName: "bc", parameters: [:])
        let other = ConnectionFields(name: "ab", protocolName: "c", parameters: [:])
        #expect(shifted.hash != other.hash)
        #expect(!fields.hash.hex.contains("pw"))
    }

    @Test("secrets never show in descriptions")
    func redaction() {
        let parameters: ConnectionParameters = ["password": "hunter2", "sftp-passphrase": "p2", "private-key": "KEY", "port": "22"]
        let text = "\(parameters) \(String(reflecting: parameters)) \(Fixture.desired(password: "hunter2"))"
        for secret in ["hunter2", "p2", "KEY"] { #expect(!text.contains(secret)) }
        #expect(text.contains("port=22"))
        #expect(FieldChange(field: "password", value: "hunter2").description == "password=<redacted>")
    }

    @Test("changed field names compare values without exposing them")
    func changedNames() {
        var other = fields
        other.parameters["port"] = "3390"
        other.parameters["domain"] = "LAB"
        other.name = "renamed"
        #expect(fields.changedFieldNames(comparedTo: other) == ["name", "domain", "port"])
    }
}
