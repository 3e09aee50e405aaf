import Testing
import ProxGuacCore

/// RDP certificate checking: off by default (Proxmox guests present self-signed RDP certificates), and
/// `rdp_settings:"ignore-cert=false"` turns it back on for guests with a trusted certificate.
@Suite("RDP certificate checking on created connections")
struct DesiredConnectionRDPTests {
    private func rdpParameters(_ notes: String) throws -> [String: String] {
        let guest = GuestFacts(vmid: 100, name: "win01", node: "pve1", kind: .qemu, status: "running",
                               address: "198.51.100.30", addressSource: "agent")
        let result = DesiredConnectionBuilder(settings: DesiredConnectionSettings())
            .build(guest: guest, notes: NotesParser.parse(notes)) { _ in Secret("unused") }
        let rdp = try #require(result.desired.first { $0.identity.protocolName == "rdp" })
        return rdp.parameters.values
    }

    @Test("by default the RDP connection ignores the certificate; the entry's rdp_settings can require it")
    func ignoreCertDefaultAndOverride() throws {
        #expect(try rdpParameters(#"user:"admin" pass:"x" protos:"rdp";"#)["ignore-cert"] == "true")
        let strict = try rdpParameters(#"user:"admin" pass:"x" protos:"rdp" rdp_settings:"ignore-cert=false,security=nla";"#)
        #expect(strict["ignore-cert"] == "false")
        #expect(strict["security"] == "nla")
    }
}
