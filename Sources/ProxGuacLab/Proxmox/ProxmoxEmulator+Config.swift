import Foundation

extension ProxmoxEmulator {
    private static let numericKeys: Set<String> = ["memory", "cores", "sockets", "template", "onboot", "balloon", "swap", "protection"]
    private static let controlKeys: Set<String> = ["digest", "delete", "revert", "skiplock", "background_delay", "node", "vmid"]

    /// `GET …/config`: every key, the decoded notes and the digest of the config file text.
    func readConfig(_ call: Call, type: LabScenario.GuestType) -> Result<JSONValue, PVEFailure> {
        if let denied = requireVM(call, ["VM.Audit"]) { return .failure(denied) }
        let result: Result<JSONValue, PVEFailure> = state.withLock { state in
            lookupGuest(call, type: type, in: state).map(configAnswer)
        }
        if case .success = result, let vmid = Int(call.captures["vmid"] ?? ""), faults.takeDigestRace(vmid: vmid) {
            simulateConcurrentNotesEdit(vmid: vmid)
        }
        return result
    }

    /// The config as JSON text, written once per config: the answer shows the notes, the options and the
    /// digest, and the digest (SHA-1 of the config file text: notes lines and options) changes with any of
    /// them, so an answer cached under the guest's current digest is the one building it anew would give.
    func configAnswer(_ guest: PVEGuest) -> JSONValue {
        configAnswers.answer(vmid: guest.vmid, source: guest.digest) { Self.config(guest) }
    }

    private static func config(_ guest: PVEGuest) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let notes = guest.notes { members.append(("description", .string(notes))) }
        for key in guest.options.keys.sorted() {
            let value = guest.options[key] ?? ""
            if Self.numericKeys.contains(key), let number = Int(value) {
                members.append((key, .int(number)))
            } else {
                members.append((key, .string(value)))
            }
        }
        members.append(("digest", .string(guest.digest)))
        return .obj(members)
    }

    /// Another admin edits the notes in the web UI: the digest changes under the client.
    private func simulateConcurrentNotesEdit(vmid: Int) {
        state.withLock { state in
            guard var guest = state.guests[vmid] else { return }
            let edited = (guest.notes ?? "") + "\nEdited meanwhile in the web UI."
            guest.setNotes(edited, legacyPercent: profile.legacyPercent)
            state.guests[vmid] = guest
        }
    }

    /// `PUT …/config` (and QEMU `POST`, which answers a `qmconfig` UPID): permissions per key first,
    /// then parameter checks, then lookup, digest and lock in each type's order (reference §5).
    func writeConfig(_ call: Call, type: LabScenario.GuestType) -> Result<JSONValue, PVEFailure> {
        let deletions = (call.params["delete"] ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map(String.init)
        let changes = call.params.filter { !Self.controlKeys.contains($0.key) }
        let configPrivileges = ["VM.Config.Disk", "VM.Config.CDROM", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network",
                                "VM.Config.HWType", "VM.Config.Options", "VM.Config.Cloudinit"]
        if let denied = requireVM(call, configPrivileges) { return .failure(denied) }
        if let unknown = changes.keys.sorted().first(where: { !ConfigSchema.accepts($0, type: type) }) {
            return .failure(.parameter(unknown, "property is not defined in schema and the schema does not allow additional properties"))
        }
        for key in changes.keys.sorted() + deletions {
            if let denied = permissionFailure(for: key, call: call, type: type) { return .failure(denied) }
        }
        var normalised: [String: String] = [:]
        for (key, value) in changes {
            switch normalise(key: key, value: value, type: type) {
            case .success(let clean): normalised[key] = clean
            case .failure(let failure): return .failure(failure)
            }
        }
        let digest = call.params["digest"] ?? ""
        if digest.count > 40 { return .failure(.parameter("digest", "value may only be 40 characters long")) }
        if normalised.isEmpty, deletions.isEmpty { return .failure(.server("no options specified")) }

        return state.withLock { state -> Result<JSONValue, PVEFailure> in
            var guest: PVEGuest
            switch self.lookupGuest(call, type: type, in: state) {
            case .success(let found): guest = found
            case .failure(let failure): return .failure(failure)
            }
            let digestFailure: PVEFailure? = digest.isEmpty || digest == guest.digest ? nil : .server(
                type == .lxc ? "detected modified configuration - file changed by other user? Try again."
                    : "checksum \(profile.legacyMissmatch ? "missmatch" : "mismatch") (file change by other user?)")
            let lockFailure: PVEFailure? = guest.lock.map { .server("\(type == .qemu ? "VM" : "CT") is locked (\($0))") }
            let ordered = type == .qemu ? [digestFailure, lockFailure] : [lockFailure, digestFailure]
            if let failure = ordered.compactMap({ $0 }).first { return .failure(failure) }

            for key in deletions {
                if key == "description" { guest.noteLines = [] } else { guest.options.removeValue(forKey: key) }
            }
            for (key, value) in normalised {
                if key == "description" {
                    guest.setNotes(value, legacyPercent: profile.legacyPercent)
                } else if value.isEmpty {
                    guest.options.removeValue(forKey: key)
                } else {
                    guest.options[key] = value
                }
            }
            for key in normalised.keys where key.hasPrefix("net") && guest.options[key] != nil {
                guest.options[key] = ensureMAC(guest.options[key] ?? "", type: type, random: &state.random)
            }
            state.guests[guest.vmid] = guest
            guard call.method == "POST" else { return .success(.null) }
            let upid = newTask(&state, node: guest.node, type: "qmconfig", id: String(guest.vmid), identity: call.identity,
                               duration: .zero, effect: nil, exitStatus: "OK")
            return .success(.string(upid))
        }
    }

    private func permissionFailure(for key: String, call: Call, type: LabScenario.GuestType) -> PVEFailure? {
        let privileges: [String]
        switch key {
        case "description", "name", "agent", "ostype", "onboot", "tags", "protection", "startup", "lock":
            privileges = ["VM.Config.Options"]
        case "hostname", "nameserver", "searchdomain":
            privileges = type == .lxc ? ["VM.Config.Network"] : ["VM.Config.Options"]
        case "memory", "balloon", "swap": privileges = ["VM.Config.Memory"]
        case "cores", "sockets", "cpulimit": privileges = ["VM.Config.CPU"]
        default:
            if key.hasPrefix("net"), Int(key.dropFirst(3)) != nil {
                privileges = ["VM.Config.Network"]
            } else if key.hasPrefix("ipconfig"), Int(key.dropFirst(8)) != nil {
                privileges = ["VM.Config.Cloudinit", "VM.Config.Network"]
            } else {
                return call.identity.acl == nil ? nil : .server("only root can set '\(key)' config")
            }
        }
        return requireVM(call, privileges)
    }

    /// Schema checks and the server's own normal forms (tags, network lines).
    private func normalise(key: String, value: String, type: LabScenario.GuestType) -> Result<String, PVEFailure> {
        switch key {
        case "description":
            return value.count > 8192 ? .failure(.parameter("description", "value may only be 8192 characters long")) : .success(value)
        case "tags":
            return Self.normaliseTags(value).map { .success($0) } ?? .failure(.parameter("tags", "invalid format - invalid characters in tag\n"))
        default:
            if key.hasPrefix("net"), Int(key.dropFirst(3)) != nil {
                return NetworkLine.normalise(value, type: type).map { .success($0) }
                    ?? .failure(.parameter(key, "invalid format - format error\n"))
            }
            return .success(value)
        }
    }

    /// Split on `;`, `,` and whitespace; validate; lower-case; de-duplicate; sort; join with `;`.
    static func normaliseTags(_ text: String) -> String? {
        let tags = text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isWhitespace }).map { $0.lowercased() }
        let valid = tags.allSatisfy { tag in
            guard let first = tag.unicodeScalars.first,
                  CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_").contains(first) else { return false }
            return tag.unicodeScalars.allSatisfy { CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_-+.").contains($0) }
        }
        return valid ? Array(Set(tags)).sorted().joined(separator: ";") : nil
    }

    private func ensureMAC(_ line: String, type: LabScenario.GuestType, random: inout SeededRandom) -> String {
        NetworkLine.withMAC(line, type: type) { random.proxmoxMAC() }
    }

    /// Creates a task (UPID in PVE's 9-part format) that finishes after `duration`.
    func newTask(_ state: inout PVEState, node: String, type: String, id: String, identity: PVEIdentity,
                 duration: Duration, effect: (vmid: Int, status: String)?, exitStatus: String) -> String {
        state.nextPID += 1
        let pid = state.nextPID
        let pstart = 28_492_756 + pid
        let start = Int(Date().timeIntervalSince1970)
        func hex(_ value: Int) -> String { String(value, radix: 16, uppercase: true).leftPadded(to: 8) }
        let upid = "UPID:\(node):\(hex(pid)):\(hex(pstart)):\(hex(start)):\(type):\(id):\(identity.taskUser):"
        state.tasks[upid] = PVETask(upid: upid, node: node, type: type, id: id, user: identity.userid,
                                    tokenName: identity.tokenName, pid: pid, pstart: pstart, starttime: start,
                                    finishesAt: .now + duration, effect: effect, exitStatus: exitStatus)
        return upid
    }
}
