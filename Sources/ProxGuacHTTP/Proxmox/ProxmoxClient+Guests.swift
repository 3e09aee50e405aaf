import ProxGuacCore

/// Per-guest calls, each routed to the guest's node.
extension ProxmoxClient {
    /// `GET …/config`: notes, digest, tags, networks, agent.
    /// Read by a flat-object reader when it can (one per guest: the general decoder costs several times more),
    /// else by the general decoder, with the same values either way.
    public func config(of guest: GuestReference) async throws(ProxmoxError) -> ProxmoxGuestConfig {
        let path = Self.path(guest, "config")
        let body = try await fetch(.get, path, node: guest.node, guest: guest)
        if let values = FlatJSONStringMap.parseEnvelope(body) { return ProxmoxGuestConfig(values: values) }
        return try Self.decodeData(body, request: "GET \(path)")
    }

    /// `PUT …/config` (synchronous on QEMU and LXC), guarded by the `digest` read with the config.
    ///
    /// Throws `.configChanged` when someone else changed the config since; read it again and re-apply.
    public func updateConfig(
        of guest: GuestReference, set values: [(String, String)], delete keys: [String] = [], digest: String
    ) async throws(ProxmoxError) {
        var form = values
        if !keys.isEmpty { form.append(("delete", keys.joined(separator: ","))) }
        form.append(("digest", digest))
        let _: String? = try await call(
            .put, Self.path(guest, "config"), form: form, node: guest.node, guest: guest, purpose: .configWrite)
    }

    /// Writes the notes (`description`); empty notes delete the key, as Proxmox stores nothing for them.
    public func setNotes(_ notes: String, of guest: GuestReference, digest: String) async throws(ProxmoxError) {
        if notes.isEmpty {
            try await updateConfig(of: guest, set: [], delete: ["description"], digest: digest)
        } else {
            try await updateConfig(of: guest, set: [("description", notes)], digest: digest)
        }
    }

    /// `GET …/status/current`: the live state (the cluster list can lag by about 10 s).
    public func status(of guest: GuestReference) async throws(ProxmoxError) -> ProxmoxGuestStatus {
        try await call(.get, Self.path(guest, "status/current"), node: guest.node, guest: guest)
    }

    /// QEMU agent `network-get-interfaces`. Agent answers can take ~8 s; the default 30 s timeout covers it.
    public func agentInterfaces(node: String, vmid: Int) async throws(ProxmoxError) -> [GuestInterface] {
        let guest = GuestReference(node: node, vmid: vmid, kind: .qemu)
        let path = Self.path(guest, "agent/network-get-interfaces")
        let body = try await fetch(.get, path, node: node, guest: guest, purpose: .agent)
        do {
            return try AgentInterfacesPayload.parse(body)
        } catch {
            throw .unexpectedResponse(request: "GET \(path)", detail: error.description)
        }
    }

    /// QEMU agent `get-host-name`.
    public func agentHostName(node: String, vmid: Int) async throws(ProxmoxError) -> String {
        let guest = GuestReference(node: node, vmid: vmid, kind: .qemu)
        let answer: AgentResult<HostName> = try await call(
            .get, Self.path(guest, "agent/get-host-name"), node: node, guest: guest, purpose: .agent)
        return answer.result.hostName
    }

    /// LXC `interfaces` (PVE ≥ 8.1; older servers throw `.notSupported`). Nil for a stopped container.
    public func containerInterfaces(node: String, vmid: Int) async throws(ProxmoxError) -> [GuestInterface]? {
        let guest = GuestReference(node: node, vmid: vmid, kind: .lxc)
        let path = Self.path(guest, "interfaces")
        let body = try await fetch(.get, path, node: node, guest: guest)
        do {
            return try LXCInterfacesPayload.parse(body)
        } catch {
            throw .unexpectedResponse(request: "GET \(path)", detail: error.description)
        }
    }

    /// `POST …/status/start`: returns the task; see `waitForTask`.
    public func start(_ guest: GuestReference) async throws(ProxmoxError) -> ProxmoxUPID {
        try await powerAction("start", guest)
    }

    /// `POST …/status/stop` (hard stop).
    public func stop(_ guest: GuestReference) async throws(ProxmoxError) -> ProxmoxUPID {
        try await powerAction("stop", guest)
    }

    /// `POST …/status/shutdown` (clean shutdown; `forceStop` after `timeout`).
    public func shutdown(_ guest: GuestReference, timeout: Duration = .seconds(60), forceStop: Bool = true)
        async throws(ProxmoxError) -> ProxmoxUPID
    {
        let form = [("timeout", "\(timeout.components.seconds)"), ("forceStop", forceStop ? "1" : "0")]
        return try await powerAction("shutdown", guest, form: form)
    }

    /// `GET /nodes/{node}/tasks/{upid}/status`, on the node named in the UPID.
    public func taskStatus(_ upid: ProxmoxUPID) async throws(ProxmoxError) -> ProxmoxTaskStatus {
        try await call(
            .get, "/nodes/\(FormEncoding.percentEncode(upid.node))/tasks/\(FormEncoding.percentEncode(upid.value))/status",
            node: upid.node)
    }

    /// Polls the task (0.25 s growing to 1 s) until it stops; throws when it failed or outlived `deadline`.
    public func waitForTask(_ upid: ProxmoxUPID, deadline: Duration = .seconds(120)) async throws(ProxmoxError)
        -> ProxmoxTaskStatus
    {
        let end = ContinuousClock.now + deadline
        var pause = Duration.milliseconds(250)
        while true {
            let status = try await taskStatus(upid)
            if !status.isRunning {
                guard status.succeeded else {
                    throw .taskFailed(upid: upid.value, exitStatus: status.exitStatus ?? "unknown")
                }
                return status
            }
            guard ContinuousClock.now + pause < end else { throw .taskTimedOut(upid: upid.value) }
            do { try await Task.sleep(for: pause) } catch { throw .taskTimedOut(upid: upid.value) }
            pause = min(pause * 2, .seconds(1))
        }
    }

    private func powerAction(_ action: String, _ guest: GuestReference, form: [(String, String)] = [])
        async throws(ProxmoxError) -> ProxmoxUPID
    {
        let request = Self.path(guest, "status/\(action)")
        let text: String = try await call(.post, request, form: form, node: guest.node, guest: guest)
        guard let upid = ProxmoxUPID(text) else {
            throw .unexpectedResponse(request: "POST \(request)", detail: "not a task id")
        }
        return upid
    }

    static func path(_ guest: GuestReference, _ tail: String) -> String {
        "/nodes/\(FormEncoding.percentEncode(guest.node))/\(guest.kind.rawValue)/\(guest.vmid)/\(tail)"
    }
}

/// The agent wraps the QGA answer: `{"data": {"result": …}}`.
struct AgentResult<T: Decodable & Sendable>: Decodable, Sendable {
    let result: T
}

struct HostName: Decodable, Sendable {
    let hostName: String

    enum CodingKeys: String, CodingKey {
        case hostName = "host-name"
    }
}
