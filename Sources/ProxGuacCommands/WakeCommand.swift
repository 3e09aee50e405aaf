import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacNet
import ProxGuacSync

/// `proxguac wake <vmid|MAC>`: send a Wake-on-LAN magic packet, or for a Proxmox VM do what actually wakes it.
struct WakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wake",
        abstract: "Wake a guest: by MAC, send a Wake-on-LAN magic packet; by VM id, start it or say why a packet will not.",
        discussion: """
        The packet (6 × 0xFF, then the MAC 16 times) goes over UDP to network.wol.broadcast (default \
        255.255.255.255) port network.wol.port (default 9); other than 255.255.255.255 only the broadcast \
        address of a subnet this machine is on is accepted, and "sent" is printed only when the packet left \
        by a network interface. A VM id needs the Proxmox settings of the config: a running VM is left \
        alone, a container or template is refused, and a stopped VM is started through the Proxmox API with \
        --start (or network.wol.startViaAPI: true), recorded in the audit log. Without --start the packet is \
        sent with a note: Proxmox does not start a stopped VM for a magic packet by itself.
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

    @Flag(help: "Start a stopped Proxmox VM through the API (network.wol.startViaAPI).")
    var start = false

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
            var note: String?
            switch target {
            case .mac(let address):
                mac = address
            case .vmid, .guest:
                let key = switch target {
                case .guest(let key): key
                case .vmid(let vmid): GuestKey(vmid: vmid)
                case .mac: GuestKey(vmid: 0)
                }
                guard let config else {
                    throw CommandFailure.usage("waking VM \(key) by id needs the Proxmox settings: pass --config FILE, or give the MAC instead")
                }
                let client = try NetworkCommandSupport.proxmoxClient(config.cluster(of: key), http: config.http, logger: logger)
                let device = try await GuestDirectory(client: client).device(vmid: key.vmid, netIndex: net)
                let resource = device.resource
                let decision = WakeDecision.decide(
                    guest: "\(device.reference)", kind: resource.kind, status: resource.status, isTemplate: resource.isTemplate,
                    startRequested: start || settings.wol.startViaAPI)
                switch decision {
                case .refuse(let reason):
                    throw CommandFailure.usage("not waking: \(reason)")
                case .alreadyRunning:
                    print("\(device.summary) is already running: no packet sent")
                    return
                case .startViaAPI:
                    try await startThroughAPI(device, client: client, config: config)
                    return
                case .sendPacketOnly(let text):
                    note = text
                }
                mac = device.mac
                guest = " (\(device.summary))"
            }
            let delivery = try await LocalNetwork().wake(mac, broadcast: destination, port: udpPort)
            print("sent the Wake-on-LAN magic packet for \(mac)\(guest) to \(destination):\(udpPort) via \(delivery.interface)")
            if let note { reportWarning(note) }
        }
    }

    /// `POST …/status/start`, waits for the task, and records it in the audit log either way.
    private func startThroughAPI(_ device: GuestNetDevice, client: ProxmoxClient, config: ProxGuacConfig) async throws {
        let power = ProxmoxGuestNetwork(client: client)
        let audit = try? AuditLog(path: Self.auditLogPath(config.sync))
        do {
            let upid = try await power.start(device.reference)
            try await power.waitTask(upid, timeout: .seconds(120))
            audit?.append(AuditRecord(action: "start", target: "\(device.reference)", result: "ok", message: "wake --start: started through the Proxmox API"))
            print("started \(device.summary) through the Proxmox API (a stopped VM does not start for a magic packet)")
        } catch {
            let reason = GuestAddressSteps.oneLine(error)
            audit?.append(AuditRecord(action: "start", target: "\(device.reference)", result: "failed", message: "wake --start: \(reason)"))
            throw CommandFailure("could not start \(device.reference) through the Proxmox API: \(reason)")
        }
    }

    /// `sync.auditLog`, else `audit.jsonl` next to the state file (where `auto` writes it).
    static func auditLogPath(_ sync: SyncSettings) -> String {
        if let path = sync.auditLog { return path }
        let directory = (sync.stateFile as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/audit.jsonl"
    }
}

/// What `wake` was asked to wake: up to nine digits is a VM id (Proxmox ids are 100-999999999), anything
/// else must be a MAC.
enum WakeTarget: Equatable {
    case vmid(Int)
    /// `lab/101`: a named cluster's guest.
    case guest(GuestKey)
    case mac(MACAddress)

    init(_ text: String) throws(CommandFailure) {
        if !text.isEmpty, text.count <= 9, text.allSatisfy({ $0 >= "0" && $0 <= "9" }), let vmid = Int(text) {
            self = .vmid(vmid)
            return
        }
        if text.contains("/"), let key = GuestKey(text), key.cluster != nil {
            self = .guest(key)
            return
        }
        do {
            self = .mac(try MACAddress.unicast(text))
        } catch {
            throw CommandFailure.usage("\(error.description), or a VM id such as 100")
        }
    }
}
