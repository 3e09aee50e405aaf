import ArgumentParser
import ProxGuacCore
import ProxGuacNet

/// `proxguac wake <vmid|MAC>`: send a Wake-on-LAN magic packet.
struct WakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wake",
        abstract: "Send a Wake-on-LAN magic packet to a guest, by VM id or MAC address.",
        discussion: """
        The packet (6 × 0xFF, then the MAC 16 times) goes over UDP broadcast to network.wol.broadcast \
        (default 255.255.255.255) port network.wol.port (default 9). A VM id needs the Proxmox settings \
        of the config, to read the MAC of the guest's netN; a MAC works without any config.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Argument(help: ArgumentHelp("A VM id such as 100, or a MAC address such as BC:24:11:5E:7A:01.", valueName: "vmid|mac"))
    var target: String

    @Option(help: ArgumentHelp("Which netN of the guest to wake (VM id only).", valueName: "n"))
    var net = 0

    @Option(help: ArgumentHelp("Broadcast address (default: network.wol.broadcast, else 255.255.255.255).", valueName: "ipv4"))
    var broadcast: String?

    @Option(help: ArgumentHelp("UDP port (default: network.wol.port, else 9).", valueName: "port"))
    var port: Int?

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let target = try WakeTarget(target)
            let config = try NetworkCommandSupport.optionalConfig(globals)
            let settings = config?.network ?? NetworkSettings()
            let destination = try broadcast.map { text throws(CommandFailure) in
                do { return try IPv4Address(text) } catch { throw CommandFailure.usage("--broadcast: \(error)") }
            } ?? settings.wol.broadcast
            let udpPort = try port.map { value throws(CommandFailure) in
                guard (1...65535).contains(value) else { throw CommandFailure.usage("--port \(value): expected a UDP port 1-65535") }
                return UInt16(value)
            } ?? settings.wakePort

            let mac: MACAddress
            var guest = ""
            switch target {
            case .mac(let address):
                mac = address
            case .vmid(let vmid):
                guard let config else {
                    throw CommandFailure.usage("waking VM \(vmid) by id needs the Proxmox settings: pass --config FILE, or give the MAC instead")
                }
                let client = try NetworkCommandSupport.proxmoxClient(config.proxmox, http: config.http, logger: logger)
                let device = try await GuestDirectory(client: client).device(vmid: vmid, netIndex: net)
                mac = device.mac
                guest = " (\(device.summary))"
            }
            try await LocalNetwork().wake(mac, broadcast: destination, port: udpPort)
            print("sent the Wake-on-LAN magic packet for \(mac)\(guest) to \(destination):\(udpPort)")
        }
    }
}

/// What `wake` was asked to wake: up to nine digits is a VM id (Proxmox ids are 100-999999999), anything
/// else must be a MAC.
enum WakeTarget: Equatable {
    case vmid(Int)
    case mac(MACAddress)

    init(_ text: String) throws(CommandFailure) {
        if !text.isEmpty, text.count <= 9, text.allSatisfy({ $0 >= "0" && $0 <= "9" }), let vmid = Int(text) {
            self = .vmid(vmid)
            return
        }
        do {
            self = .mac(try MACAddress.unicast(text))
        } catch {
            throw CommandFailure.usage("\(error.description), or a VM id such as 100")
        }
    }
}
