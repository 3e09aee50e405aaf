/// The checks an entry passes before it becomes connections: where it may point (`host:` or the guest's
/// reported address, against ``TargetPolicy``) and which group it may sit in (its guest's own group, a
/// sub-group of it, or a `sync.notes.sharedGroups` group). A refusal is one line; the entry is then blocked
/// whole and its existing connections are kept as they are.
struct EntryAdmission {
    enum Target: Equatable {
        case address(String)
        case refused(String)
        case none
    }

    struct Refusal: Error, Equatable { let line: String }

    let settings: DesiredConnectionSettings
    let guest: GuestFacts
    let resolvedHosts: [String: [IPAddress]]

    /// The address to connect to: the `host:` pin, else the guest's resolved address (either checked).
    func target(for entry: CredentialEntry) -> Target {
        if let host = entry.host {
            return pinnedHost(host)
        }
        guard let reported = guest.address else { return .none }
        guard let address = try? IPAddress(reported) else { return .address(reported) }
        if let why = settings.targets.refusal(address) {
            let source = guest.addressSource.map { " (from \($0))" } ?? ""
            return .refused("the guest's address \(TerminalText.escaped(reported))\(source) is \(why): "
                + "nothing is connected to it; an admin can list it in network.allowedTargets")
        }
        return .address(reported)
    }

    private func pinnedHost(_ host: String) -> Target {
        let shown = TerminalText.escaped(host)
        if let address = try? IPAddress(host) {
            if let why = settings.targets.refusal(address) {
                return .refused("host \(shown) is \(why): an admin can allow it in network.allowedTargets")
            }
            return .address(host)
        }
        guard settings.trust.allowHostNames else {
            return .refused("host \(shown) is a name: names are refused unless sync.notes.allowHostNames is true "
                + "(write the guest's address, or ask an admin)")
        }
        guard let addresses = resolvedHosts[host], !addresses.isEmpty else {
            return .refused("host \(shown) does not resolve to any address")
        }
        for address in addresses {
            if let why = settings.targets.refusal(address) {
                return .refused("host \(shown) resolves to \(address), \(why): an admin can allow it in network.allowedTargets")
            }
        }
        return .address(host)
    }

    /// Groups below the root group for one connection of the entry, or why the entry may not go there.
    func groupNames(for entry: CredentialEntry, proto: GuestProtocol, address: String) -> Result<[String], Refusal> {
        let variables = TemplateVariables(
            vmname: guest.name, user: entry.username, proto: proto, port: entry.port(for: proto), vmid: guest.vmid,
            node: guest.node, ip: address, hostname: guest.hostname, tags: guest.tags, pool: guest.pool ?? "")
        let own: String? = settings.groupPerGuest ? settings.groupName.render(variables) : nil
        guard let group = entry.group else { return .success(own.map { [$0] } ?? []) }
        if settings.trust.sharedGroups.contains(group) { return .success([group]) }
        if let own {
            if group == own { return .success([own]) }
            if group.hasPrefix(own + "/"), case let sub = String(group.dropFirst(own.count + 1)), !sub.isEmpty {
                return .success([own] + sub.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
            }
        }
        let ownHint = own.map { "this guest's group is \"\(TerminalText.escaped($0))\" (a sub-group: group:\"\(TerminalText.escaped($0))/NAME\"); " } ?? ""
        return .failure(Refusal(line: "group \"\(TerminalText.escaped(group))\" is not this guest's: \(ownHint)"
            + "an admin can list it in sync.notes.sharedGroups"))
    }
}
