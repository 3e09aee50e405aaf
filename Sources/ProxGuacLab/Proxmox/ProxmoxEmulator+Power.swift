extension ProxmoxEmulator {
    /// `POST …/status/start|stop|shutdown`: a UPID; errors are synchronous or in the task, as in §7.1.
    func power(_ call: Call, type: LabScenario.GuestType, action: String) -> Result<JSONValue, PVEFailure> {
        if let denied = requireVM(call, ["VM.PowerMgmt"]) { return .failure(denied) }
        return state.withLock { state -> Result<JSONValue, PVEFailure> in
            state.settleTasks()
            let guest: PVEGuest
            switch self.lookupGuest(call, type: type, in: state) {
            case .success(let found): guest = found
            case .failure(let failure): return .failure(failure)
            }
            let label = type == .qemu ? "VM" : "CT"
            let taskType = (type == .qemu ? "qm" : "vz") + action
            var exitStatus = "OK"
            var effect: (vmid: Int, status: String)?
            switch (type, action) {
            case (.lxc, "start") where guest.isRunning:
                return .failure(.server("CT \(guest.vmid) already running"))
            case (.lxc, _) where action != "start" && !guest.isRunning:
                return .failure(.server("CT \(guest.vmid) not running"))
            case (.qemu, "shutdown") where guest.status == "paused" && call.params["forceStop"] != "1":
                return .failure(.server("VM is paused - cannot shutdown"))
            case (_, "start"):
                if guest.isRunning {
                    exitStatus = "VM \(guest.vmid) already running"
                } else if guest.isTemplate {
                    exitStatus = type == .qemu ? "you can't start a vm if it's a template" : "you can't start a CT if it's a template"
                } else if let lock = guest.lock {
                    exitStatus = "\(label) is locked (\(lock))"
                } else {
                    effect = (guest.vmid, "running")
                }
            default:
                if let lock = guest.lock {
                    exitStatus = "\(label) is locked (\(lock))"
                } else if guest.isRunning {
                    effect = (guest.vmid, "stopped")
                }
            }
            let upid = newTask(&state, node: guest.node, type: taskType, id: String(guest.vmid), identity: call.identity,
                               duration: options.powerTaskDuration, effect: effect, exitStatus: exitStatus)
            return .success(.string(upid))
        }
    }

    /// `GET /nodes/{node}/tasks/{upid}/status`: `running`, then `stopped` with `exitstatus`.
    func taskStatus(_ call: Call) -> Result<JSONValue, PVEFailure> {
        let upid = call.captures["upid"] ?? ""
        let parts = upid.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 9, parts[0] == "UPID", parts[8].isEmpty else {
            return .failure(.parameter("upid", "unable to parse worker upid"))
        }
        return state.withLock { state in
            state.settleTasks()
            guard let task = state.tasks[upid], task.node == call.captures["node"] else {
                return .failure(.parameter("upid", "no such task"))
            }
            let own = task.user == call.identity.userid && task.tokenName == call.identity.tokenName
            if !own, !call.identity.has(anyOf: ["Sys.Audit"], on: "/nodes/\(task.node)") {
                return .failure(.permission("/nodes/\(task.node)", ["Sys.Audit"]))
            }
            var members: [(String, JSONValue)] = [
                ("upid", .string(task.upid)), ("node", .string(task.node)), ("pid", .int(task.pid)),
                ("pstart", .int(task.pstart)), ("starttime", .int(task.starttime)), ("type", .string(task.type)),
                ("id", .string(task.id)), ("user", .string(task.user)),
            ]
            if let token = task.tokenName { members.append(("tokenid", .string(token))) }
            members.append(("status", .string(task.done ? "stopped" : "running")))
            if task.done { members.append(("exitstatus", .string(task.exitStatus))) }
            return .success(.obj(members))
        }
    }
}
