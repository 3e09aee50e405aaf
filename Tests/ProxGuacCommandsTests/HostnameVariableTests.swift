import Foundation
import ProxGuacLab
import Testing

@Suite("{hostname} in connection names is the guest's name in Proxmox VE")
struct HostnameVariableTests {
    @Test("{hostname} renders as the VM name, not the host name the guest agent reports (docs/notes-syntax.md)")
    func hostnameIsTheGuestName() throws {
        try CLILab.with { setup in
            // Guest 100 is "win-desktop" in Proxmox; its guest agent reports the host name "WIN-DESKTOP".
            setup.lab.setNotes(vmid: 100, #"user:"admin" pass:"P@ss" protos:"rdp" confName:"{hostname}-{proto}";"#)
            let result = try setup.run(["auto"])
            #expect(result.status == 0, "\(result.stderr)")
            let names = setup.lab.guacamoleConnections().filter { $0.parameters["proxguac-id"]?.hasPrefix("v1:pve:100:") == true }.map(\.name)
            #expect(names == ["win-desktop-rdp"])
        }
    }
}
