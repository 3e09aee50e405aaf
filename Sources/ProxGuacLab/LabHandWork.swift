import Foundation

/// What an admin does by hand in the web UIs, for tests that check proxguac leaves it alone:
/// hand-made connections and groups, clones, attributes, a guest stopped, a token's privileges changed.
extension Lab {
    /// Adds a connection as the Guacamole web UI would ("New connection", or "Clone" when `parameters`
    /// are another connection's, marker included); returns its identifier.
    @discardableResult
    public func addGuacamoleConnection(name: String, parent: String = "ROOT", protocol proto: String,
                                       parameters: [String: String], attributes: [String: String] = [:]) -> String {
        guacamole.state.withLock { state in
            let id = String(state.nextConnectionID)
            state.nextConnectionID += 1
            state.connections[id] = GuacConnectionRecord(
                identifier: id, name: name, parentIdentifier: parent, protocol: proto,
                parameters: parameters.filter { !$0.value.isEmpty }, attributes: attributes.mapValues { Optional($0) })
            return id
        }
    }

    /// Deletes a connection as the web UI would: it is gone, whoever made it.
    public func deleteConnectionByHand(identifier: String) {
        guacamole.state.withLock { _ = $0.connections.removeValue(forKey: identifier) }
    }

    /// Adds a connection group (`ORGANIZATIONAL` or `BALANCING`) as the web UI would; returns its identifier.
    @discardableResult
    public func addGuacamoleGroup(name: String, parent: String = "ROOT", type: String = "ORGANIZATIONAL") -> String {
        guacamole.state.withLock { state in
            let id = String(state.nextGroupID)
            state.nextGroupID += 1
            state.groups[id] = GuacGroupRecord(identifier: id, name: name, parentIdentifier: parent, type: type, attributes: [:])
            return id
        }
    }

    /// Sets JDBC attributes of a connection (`max-connections`, `guacd-hostname`, …) as the web UI would.
    public func setGuacamoleAttributes(identifier: String, _ attributes: [String: String]) {
        guacamole.state.withLock { state in
            guard var connection = state.connections[identifier] else { return }
            for (key, value) in attributes { connection.attributes[key] = .some(value) }
            state.connections[identifier] = connection
        }
    }

    /// Sets attributes of a connection group (`max-connections`, `enable-session-affinity`, …) as the web UI would.
    public func setGuacamoleGroupAttributes(identifier: String, _ attributes: [String: String]) {
        guacamole.state.withLock { state in
            for (key, value) in attributes { state.groups[identifier]?.attributes[key] = .some(value) }
        }
    }

    /// Attributes set on a connection group (unset ones left out).
    public func guacamoleGroupAttributes(identifier: String) -> [String: String] {
        guacamole.state.withLock { $0.groups[identifier]?.attributes.compactMapValues { $0 } ?? [:] }
    }

    /// Sets a guest's run state at once (`running`, `stopped`), as if started or shut down outside proxguac.
    public func setGuestStatus(vmid: Int, _ status: String) {
        proxmox.state.withLock { state in
            state.settleTasks()
            state.guests[vmid]?.status = status
            if status == "running" { state.guests[vmid]?.startedAt = Date() }
        }
    }

    /// Replaces an API token's ACL (path → privileges), e.g. `[:]` for a token that lost every privilege,
    /// `["/pool/lab": ["VM.Audit"]]` for one narrowed to a pool; nil restores the scenario's.
    public func setTokenPrivileges(_ tokenID: String, _ privileges: [String: [String]]?) {
        proxmox.state.withLock { $0.tokenPrivilegeOverrides[tokenID] = privileges }
    }
}
