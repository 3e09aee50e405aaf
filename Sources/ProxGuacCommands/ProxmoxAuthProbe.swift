import Logging
import ProxGuacCore
import ProxGuacHTTP

/// Logs in to Proxmox VE and checks the privileges proxguac needs on `/vms` (or, failing that, on every
/// visible guest, for grants per guest or per pool). Never throws: every failure ends up in the report.
struct ProxmoxAuthProbe: Sendable {
    /// Per-guest checks stop after this many guests (one small GET each).
    static let maximumGuestsChecked = 200

    let settings: ProxmoxSettings
    let startStoppedForDiscovery: Bool
    /// `http.*`: timeout and retry policy.
    var http = HTTPSettings()
    let logger: Logger

    /// `user@realm!token` or `user@realm`.
    var identity: String {
        switch settings.auth {
        case .apiToken(let tokenID, _): tokenID.description
        case .ticket(let username, _): username
        }
    }

    func run() async -> TestAuthReport.System {
        var result = TestAuthReport.System(
            system: "proxmox", url: settings.url.absoluteString,
            tls: .init(url: settings.url, tls: settings.tls), identity: identity)
        result.cluster = settings.name?.text
        do {
            let client = try NetworkCommandSupport.proxmoxClient(settings, http: http, logger: logger)
            let version = try await client.version()
            result.reachable = true
            result.authenticated = true
            result.version = version.version
            result.checks = try await checks(client: client, pveMajor: version.major)
            if result.checks.contains(where: \.isProblem) { result.notes = notes(pveMajor: version.major) }
        } catch {
            if case .transport = error {} else { result.reachable = true }
            result.error = SecretRedactor.shared.redact(error.description)
        }
        return result
    }

    private func checks(client: ProxmoxClient, pveMajor: Int?) async throws(ProxmoxError) -> [TestAuthReport.Check] {
        let path = ProxmoxPrivilegeRequirements.vmsPath
        let onVMs = try await client.permissions(path: path)
        var guestPermissions: [(path: String, permissions: ProxmoxPermissions)]?
        var checks: [TestAuthReport.Check] = []
        for requirement in ProxmoxPrivilegeRequirements.required(pveMajor: pveMajor, startStoppedForDiscovery: startStoppedForDiscovery) {
            if requirement.acceptable.contains(where: { onVMs.has($0, on: path) }) {
                checks.append(.init(name: requirement.privilege, granted: true, required: requirement.required,
                                    detail: "granted on \(path)", purpose: requirement.purpose))
                continue
            }
            guard requirement.required else {
                checks.append(.init(name: requirement.privilege, granted: false, required: false,
                                    detail: "not granted on \(path)", purpose: requirement.purpose))
                continue
            }
            if guestPermissions == nil { guestPermissions = try await perGuestPermissions(client: client) }
            let guests = guestPermissions ?? []
            let missingOn = guests.filter { guest in !requirement.acceptable.contains { guest.permissions.has($0, on: guest.path) } }.map(\.path)
            let granted = !guests.isEmpty && missingOn.isEmpty
            let detail: String =
                if granted { "granted on each of the \(guests.count) guests (per guest or pool)" }
                else if guests.isEmpty { "missing on \(path), and no guest is visible" }
                else { "missing on \(path) and on \(missingOn.count) of \(guests.count) guests, e.g. \(missingOn.prefix(3).joined(separator: ", "))" }
            checks.append(.init(name: requirement.privilege, granted: granted, required: true, detail: detail,
                                purpose: requirement.purpose, fix: granted ? nil : requirement.grantCommand))
        }
        return checks
    }

    /// `GET /access/permissions?path=/vms/<vmid>` for each guest the login can see (inheritance and pools included).
    private func perGuestPermissions(client: ProxmoxClient) async throws(ProxmoxError) -> [(path: String, permissions: ProxmoxPermissions)] {
        var result: [(path: String, permissions: ProxmoxPermissions)] = []
        let vmids = Set(try await client.guests().map(\.vmid)).sorted().prefix(Self.maximumGuestsChecked)
        for vmid in vmids {
            let path = "\(ProxmoxPrivilegeRequirements.vmsPath)/\(vmid)"
            result.append((path, try await client.permissions(path: path)))
        }
        return result
    }

    /// The role and ACL lines to show once when something is missing.
    private func notes(pveMajor: Int?) -> [String] {
        let userID: String
        let tokenID: String?
        switch settings.auth {
        case .apiToken(let id, _): (userID, tokenID) = (id.userID, id.description)
        case .ticket(let username, _): (userID, tokenID) = (username, nil)
        }
        let release = pveMajor.map { "PVE \($0)" } ?? "this PVE"
        return ["the fixes add to the ProxGuac role (docs/proxmox-token.md); without that role, create it for \(release) first:",
                ProxmoxPrivilegeRequirements.roleAddCommand(pveMajor: pveMajor),
                "and grant it on /vms:"] + ProxmoxPrivilegeRequirements.aclCommands(userID: userID, tokenID: tokenID)
    }
}
