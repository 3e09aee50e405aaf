import Foundation

extension ProxmoxEmulator {
    /// QEMU guest agent calls, with PVE's error ladder (reference §6.2).
    func agentCommand(_ call: Call, command: String) -> Result<JSONValue, PVEFailure> {
        if let denied = requireVM(call, profile.agentPrivileges) { return .failure(denied) }
        let lookup: Result<PVEGuest, PVEFailure> = state.withLock { state in
            state.settleTasks()
            return lookupGuest(call, type: .qemu, in: state)
        }
        let guest: PVEGuest
        switch lookup {
        case .success(let found): guest = found
        case .failure(let failure): return .failure(failure)
        }
        guard guest.options["agent"] != nil else { return .failure(.server("No QEMU guest agent configured")) }
        guard guest.isRunning else { return .failure(.server("VM \(guest.vmid) is not running")) }
        guard let agent = guest.agent, agent.running != false, guest.status == "running" else {
            if options.agentPingTimeout > .zero { Thread.sleep(forTimeInterval: options.agentPingTimeout.seconds) }
            return .failure(.server("QEMU guest agent is not running"))
        }
        let slow = faults.current.slowAgent
        if slow >= options.agentCommandTimeout {
            Thread.sleep(forTimeInterval: options.agentCommandTimeout.seconds)
            let word = profile.release.hasPrefix("9") ? "qga" : "qmp"
            return .failure(.server("VM \(guest.vmid) \(word) command 'guest-\(command)' failed - got timeout"))
        }
        if slow > .zero { Thread.sleep(forTimeInterval: slow.seconds) }
        let result: JSONValue
        switch command {
        case "network-get-interfaces":
            result = agentInterfacesAnswer(guest, agent)
        case "get-host-name":
            result = .obj(["host-name": .string(agent.hostname ?? guest.name)])
        case "get-osinfo":
            let windows = (guest.options["ostype"] ?? "").hasPrefix("w")
            result = windows
                ? .obj(["id": .string("mswindows"), "name": .string("Microsoft Windows"), "pretty-name": .string("Windows 10 Pro")])
                : .obj(["id": .string("debian"), "name": .string("Debian GNU/Linux"), "pretty-name": .string("Debian GNU/Linux 12 (bookworm)")])
        default:
            result = .obj([])
        }
        return .success(.obj(["result": result]))
    }

    /// The agent's `network-get-interfaces` result, kept per guest under its interfaces.
    func agentInterfacesAnswer(_ guest: PVEGuest, _ agent: LabScenario.Agent) -> JSONValue {
        agentInterfaceAnswers.answer(vmid: guest.vmid, source: agent.interfaces) {
            .array(agent.interfaces.map(Self.agentInterface))
        }
    }

    /// A running container's interfaces, kept per guest under its interfaces (the profile is fixed).
    func lxcInterfacesAnswer(_ guest: PVEGuest) -> JSONValue {
        let interfaces = guest.lxcInterfaces ?? []
        return lxcInterfaceAnswers.answer(vmid: guest.vmid, source: interfaces) { .array(interfaces.map { lxcInterface($0) }) }
    }

    /// Writes every guest's config and interfaces answers ahead (the bench calls it before it measures: the
    /// first sync's requests then cost the lab what a re-sync's do). The answers are the ones a request would build.
    func prepareAnswers() {
        state.withLock { state in
            for guest in state.guests.values {
                _ = configAnswer(guest)
                if let agent = guest.agent { _ = agentInterfacesAnswer(guest, agent) }
                if guest.type == .lxc { _ = lxcInterfacesAnswer(guest) }
            }
        }
    }

    private static func agentInterface(_ interface: LabScenario.Interface) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(interface.name))]
        if let mac = interface.mac { members.append(("hardware-address", .string(mac.lowercased()))) }
        if let addresses = interface.addresses {
            members.append(("ip-addresses", .array(addresses.compactMap { cidr in
                Address(cidr).map { address in
                    .obj(["ip-address": .string(address.ip), "ip-address-type": .string(address.isIPv6 ? "ipv6" : "ipv4"),
                          "prefix": .int(address.prefix)])
                }
            })))
        }
        members.append(("statistics", .obj([
            "rx-bytes": .int(1_048_576), "rx-packets": .int(2048), "rx-errs": .int(0), "rx-dropped": .int(0),
            "tx-bytes": .int(524_288), "tx-packets": .int(1024), "tx-errs": .int(0), "tx-dropped": .int(0),
        ])))
        return .obj(members)
    }

    /// `GET lxc/{vmid}/interfaces` (reference §6.3): null while stopped; legacy keys only in 8.2 mode.
    func lxcInterfaces(_ call: Call) -> Result<JSONValue, PVEFailure> {
        guard profile.hasLXCInterfaces else { return .failure(.notImplemented(call.method, call.path)) }
        if let denied = requireVM(call, ["VM.Audit"]) { return .failure(denied) }
        return state.withLock { state in
            state.settleTasks()
            return lookupGuest(call, type: .lxc, in: state).map { guest in
                guard guest.isRunning else { return .null }
                return lxcInterfacesAnswer(guest)
            }
        }
    }

    private func lxcInterface(_ interface: LabScenario.Interface) -> JSONValue {
        let addresses = (interface.addresses ?? []).compactMap(Address.init)
        let mac = (interface.mac ?? "00:00:00:00:00:00").lowercased()
        var members: [(String, JSONValue)] = [("name", .string(interface.name)), ("hwaddr", .string(mac))]
        if !profile.lxcInterfacesLegacyOnly { members.append(("hardware-address", .string(mac))) }
        if let v4 = addresses.last(where: { !$0.isIPv6 }) { members.append(("inet", .string("\(v4.ip)/\(v4.prefix)"))) }
        if let v6 = addresses.last(where: { $0.isIPv6 }) { members.append(("inet6", .string("\(v6.ip)/\(v6.prefix)"))) }
        if !profile.lxcInterfacesLegacyOnly {
            members.append(("ip-addresses", .array(addresses.map { address in
                .obj(["ip-address-type": .string(address.isIPv6 ? "inet6" : "inet"), "ip-address": .string(address.ip),
                      "prefix": .int(address.prefix)])
            })))
        }
        return .obj(members)
    }
}

/// `ip/prefix` from a scenario interface.
struct Address {
    let ip: String
    let prefix: Int
    var isIPv6: Bool { ip.contains(":") }

    init?(_ cidr: String) {
        let parts = cidr.split(separator: "/")
        guard let first = parts.first else { return nil }
        ip = String(first)
        prefix = parts.count > 1 ? Int(parts[1]) ?? 32 : (first.contains(":") ? 128 : 32)
    }
}
