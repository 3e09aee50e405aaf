extension ProxmoxEmulator {
    private func isOnline(_ node: String, _ state: PVEState) -> Bool {
        (state.nodesOnline[node] ?? false) && !faults.current.offlineNodes.contains(node)
    }

    /// `GET /cluster/resources`: one entry per guest the caller may audit, plus nodes (reference §4.1).
    func clusterResources(_ call: Call) -> Result<JSONValue, PVEFailure> {
        let type = call.params["type"]
        if let type, !["vm", "node", "storage", "sdn"].contains(type) {
            return .failure(.parameter("type", "value '\(type)' does not have a value in the enumeration 'vm, storage, node, sdn'"))
        }
        let entries: [JSONValue] = state.withLock { state in
            state.settleTasks()
            var entries: [JSONValue] = []
            if type == nil || type == "vm" {
                for guest in state.guests.values.sorted(by: { $0.vmid < $1.vmid })
                where call.identity.has(anyOf: ["VM.Audit"], on: "/vms/\(guest.vmid)", pool: guest.pool) {
                    entries.append(resourceEntry(guest, online: isOnline(guest.node, state), identity: call.identity))
                }
            }
            if type == nil || type == "node" {
                for node in state.nodeOrder {
                    entries.append(.obj([
                        "id": .string("node/\(node)"), "node": .string(node), "type": .string("node"),
                        "status": .string(isOnline(node, state) ? "online" : "offline"), "level": .string(""),
                    ]))
                }
            }
            return entries
        }
        return .success(.array(entries))
    }

    private func resourceEntry(_ guest: PVEGuest, online: Bool, identity: PVEIdentity) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string("\(guest.type.rawValue)/\(guest.vmid)")), ("vmid", .int(guest.vmid)),
            ("node", .string(guest.node)), ("type", .string(guest.type.rawValue)),
        ]
        if online {
            members += [
                ("status", .string(guest.status)), ("name", .string(guest.name)), ("template", .int(guest.isTemplate ? 1 : 0)),
                ("uptime", .int(guest.uptime)), ("maxcpu", .int(guest.cpus)), ("cpu", .double(guest.isRunning ? 0.013 : 0)),
                ("maxmem", .int(guest.memoryBytes)), ("mem", .int(guest.isRunning ? guest.memoryBytes / 3 : 0)),
                ("maxdisk", .int(34_359_738_368)), ("disk", .int(guest.type == .qemu ? 0 : 1_073_741_824)),
                ("netin", .int(guest.isRunning ? 123_456 : 0)), ("netout", .int(guest.isRunning ? 65_432 : 0)),
                ("diskread", .int(0)), ("diskwrite", .int(0)),
            ]
        } else {
            members.append(("status", .string("unknown")))
        }
        if let tags = guest.tags { members.append(("tags", .string(tags))) }
        if let lock = guest.lock { members.append(("lock", .string(lock))) }
        if let pool = guest.pool, identity.has(anyOf: ["Pool.Audit"], on: "/pool/\(pool)") {
            members.append(("pool", .string(pool)))
        }
        return .obj(members)
    }

    /// `GET /nodes`: every node with its `ssl_fingerprint`; statistics only with `Sys.Audit`.
    func nodeList(_ call: Call) -> JSONValue {
        state.withLock { state in
            .array(state.nodeOrder.map { node in
                let online = isOnline(node, state)
                var members: [(String, JSONValue)] = [
                    ("node", .string(node)), ("id", .string("node/\(node)")), ("type", .string("node")),
                    ("status", .string(online ? "online" : "offline")), ("level", .string("")),
                    ("ssl_fingerprint", .string(fingerprint)),
                ]
                if online, call.identity.has(anyOf: ["Sys.Audit"], on: "/nodes/\(node)") {
                    members += [
                        ("cpu", .double(0.02)), ("maxcpu", .int(8)), ("mem", .int(4_294_967_296)),
                        ("maxmem", .int(34_359_738_368)), ("disk", .int(10_737_418_240)),
                        ("maxdisk", .int(107_374_182_400)), ("uptime", .int(123_456)),
                    ]
                }
                return .obj(members)
            })
        }
    }

    /// `GET /nodes/{node}/qemu|lxc`: the node's guests of that type the caller may audit.
    func guestList(_ call: Call, type: LabScenario.GuestType) -> JSONValue {
        let node = call.captures["node"] ?? ""
        return state.withLock { state in
            state.settleTasks()
            let guests = state.guests.values
                .filter { $0.node == node && $0.type == type }
                .filter { call.identity.has(anyOf: ["VM.Audit"], on: "/vms/\($0.vmid)", pool: $0.pool) }
                .sorted { $0.vmid < $1.vmid }
            return .array(guests.map { guest in
                var members: [(String, JSONValue)] = [("vmid", .int(guest.vmid))]
                if type == .lxc { members.append(("type", .string("lxc"))) }
                members += [
                    ("name", .string(guest.name)), ("status", .string(guest.isRunning ? "running" : "stopped")),
                    ("cpus", .int(guest.cpus)), ("maxmem", .int(guest.memoryBytes)), ("maxdisk", .int(34_359_738_368)),
                    ("uptime", .int(guest.uptime)),
                ]
                if guest.isRunning { members.append(("pid", .int(10_000 + guest.vmid))) }
                if let tags = guest.tags { members.append(("tags", .string(tags))) }
                if let lock = guest.lock { members.append(("lock", .string(lock))) }
                if guest.isTemplate { members.append(("template", .int(1))) }
                return .obj(members)
            })
        }
    }

    /// `GET …/status/current` (reference §7.4).
    func statusCurrent(_ call: Call, type: LabScenario.GuestType) -> Result<JSONValue, PVEFailure> {
        if let denied = requireVM(call, ["VM.Audit"]) { return .failure(denied) }
        return state.withLock { state in
            state.settleTasks()
            return lookupGuest(call, type: type, in: state).map { guest in
                let running = guest.isRunning
                var members: [(String, JSONValue)] = [
                    ("vmid", .int(guest.vmid)), ("name", .string(guest.name)),
                    ("status", .string(running ? "running" : "stopped")),
                ]
                if type == .qemu {
                    members.append(("qmpstatus", .string(guest.status)))
                    if guest.options["agent"] != nil { members.append(("agent", .int(1))) }
                } else {
                    members.append(("type", .string("lxc")))
                }
                if running { members.append(("pid", .int(10_000 + guest.vmid))) }
                members += [
                    ("uptime", .int(guest.uptime)), ("cpus", .int(guest.cpus)), ("cpu", .double(running ? 0.013 : 0)),
                    ("mem", .int(running ? guest.memoryBytes / 3 : 0)), ("maxmem", .int(guest.memoryBytes)),
                    ("maxdisk", .int(34_359_738_368)), ("disk", .int(0)), ("netin", .int(0)), ("netout", .int(0)),
                    ("diskread", .int(0)), ("diskwrite", .int(0)), ("ha", .obj(["managed": .int(0)])),
                ]
                if let tags = guest.tags { members.append(("tags", .string(tags))) }
                if let lock = guest.lock { members.append(("lock", .string(lock))) }
                if guest.isTemplate { members.append(("template", .int(1))) }
                return .obj(members)
            }
        }
    }
}
