extension LabScenario {
    /// A large deterministic scenario for benchmarks: about 70% of guests running, about a quarter
    /// containers, 1–3 credential entries per guest inside free-text notes, some static IPs, some
    /// without agent. Addresses come from 198.51.100.0/24 and 203.0.113.0/24 only, so with more
    /// than ~500 guests addresses repeat.
    public static func generated(guests count: Int = 1000, nodes nodeCount: Int = 4, seed: UInt64 = 1) -> LabScenario {
        var random = SeededRandom(seed: seed)
        let nodes = (1...max(1, nodeCount)).map { Node(name: "pve\($0)") }
        let guests = (0..<max(0, count)).map { index in
            GuestGenerator(index: index, node: nodes[index % nodes.count].name).make(&random)
        }
        return LabScenario(nodes: nodes, guests: guests, proxmox: LabDemoCredentials.proxmoxAccess,
                           guacamole: LabDemoCredentials.guacamoleSetup)
    }
}

/// Builds one generated guest.
private struct GuestGenerator {
    let index: Int
    let node: String

    private static let users = ["admin", "root", "ops", "deploy", "backup", "readonly", "support", "Administrator"]
    private static let roles = ["web", "db", "cache", "app", "files", "mail", "proxy", "ci", "dev", "desk"]
    private static let prose = [
        "Owner: platform team.", "Backups nightly at 02:00.", "## Notes\nPatched last month.",
        "Do **not** reboot during business hours.", "Ticket OPS-1234 tracks the migration.", "- staging\n- monitored",
    ]

    func make(_ random: inout SeededRandom) -> LabScenario.Guest {
        let isContainer = random.unit() < 0.25
        let vmid = 100 + index
        let running = random.unit() < 0.7
        let name = "\(Self.roles[index % Self.roles.count])-\(String(index).leftPadded(to: 4))"
        let address = Self.address(index)
        let mac = Self.mac(index, container: isContainer)
        let staticIP = random.unit() < 0.3
        var config: [String: String] = ["description": notes(&random, container: isContainer), "memory": "2048", "cores": "2"]
        if isContainer {
            config["ostype"] = "debian"
            config["net0"] = "name=eth0,bridge=vmbr0,hwaddr=\(mac),ip=\(staticIP ? "\(address)/24" : "dhcp"),type=veth"
            let interfaces = [LabScenario.Interface(name: "lo", mac: "00:00:00:00:00:00", addresses: ["127.0.0.1/8", "::1/128"]),
                              LabScenario.Interface(name: "eth0", mac: mac.lowercased(), addresses: ["\(address)/24"])]
            return LabScenario.Guest(vmid: vmid, type: .lxc, name: name, node: node, status: running ? "running" : "stopped",
                                     tags: index % 5 == 0 ? "bench" : nil, config: config, lxcInterfaces: interfaces)
        }
        let windows = random.unit() < 0.3
        config["ostype"] = windows ? "win11" : "l26"
        config["net0"] = "virtio=\(mac),bridge=vmbr0"
        if staticIP { config["ipconfig0"] = "ip=\(address)/24,gw=\(address.split(separator: ".").prefix(3).joined(separator: ".")).1" }
        let hasAgent = random.unit() < 0.8
        var agent: LabScenario.Agent?
        if hasAgent {
            config["agent"] = "1"
            agent = LabScenario.Agent(hostname: name, interfaces: [
                LabScenario.Interface(name: "lo", mac: "00:00:00:00:00:00", addresses: ["127.0.0.1/8"]),
                LabScenario.Interface(name: windows ? "Ethernet" : "ens18", mac: mac.lowercased(), addresses: ["\(address)/24"]),
            ])
        }
        return LabScenario.Guest(vmid: vmid, type: .qemu, name: name, node: node, status: running ? "running" : "stopped",
                                 tags: index % 5 == 0 ? "bench" : nil, config: config, agent: agent)
    }

    private func notes(_ random: inout SeededRandom, container: Bool) -> String {
        var lines = [Self.prose[Int(random.next() % UInt64(Self.prose.count))]]
        let entries = 1 + Int(random.next() % 3)
        for entry in 0..<entries {
            let user = Self.users[(index + entry) % Self.users.count]
            let password = "Pw\(index)-\(entry)" + (random.unit() < 0.2 ? ";x=y" : "")
            let protocols = container ? "ssh" : ["rdp", "ssh", "vnc", "rdp,vnc", "ssh,vnc"][Int(random.next() % 5)]
            var line = "user:\"\(user)\" pass:\"\(password)\" protos:\"\(protocols)\""
            if random.unit() < 0.2 { line += " confName:\"{vmname}-{user}-{proto}\"" }
            lines.append(line + ";")
        }
        return lines.joined(separator: "\n")
    }

    /// Addresses cycle through 198.51.100.2-254, then 203.0.113.2-254.
    static func address(_ index: Int) -> String {
        let slot = index % 506
        return slot < 253 ? "198.51.100.\(slot + 2)" : "203.0.113.\(slot - 253 + 2)"
    }

    static func mac(_ index: Int, container: Bool) -> String {
        let value = index & 0xFFFF
        let high = String(value >> 8, radix: 16, uppercase: true).leftPadded(to: 2)
        let low = String(value & 0xFF, radix: 16, uppercase: true).leftPadded(to: 2)
        return "BC:24:11:\(container ? "C0" : "A0"):\(high):\(low)"
    }
}
