import ProxGuacCore
import ProxGuacHTTP

extension SyncEngine {
    /// READ held by each `sync.grant` user and user group (their direct permissions), for `GrantReconciliation`.
    /// A grantee that cannot be read (unknown, or not visible to this account) is left out, with one line why:
    /// its grants on new objects still run and fail with the same reason.
    func grantHoldings() async -> (users: [String: GrantReconciliation.Held], groups: [String: GrantReconciliation.Held],
                                   problems: [String]) {
        var users: [String: GrantReconciliation.Held] = [:]
        var groups: [String: GrantReconciliation.Held] = [:]
        var problems: [String] = []
        for user in config.sync.grant.users {
            do throws(GuacamoleError) {
                users[user] = held(try await guacamole.permissions(ofUser: user))
            } catch {
                problems.append("sync.grant user \(user): cannot read its permissions (\(error)); READ is not reconciled for it")
            }
        }
        for group in config.sync.grant.groups {
            do throws(GuacamoleError) {
                groups[group] = held(try await guacamole.permissions(ofUserGroup: group))
            } catch {
                problems.append("sync.grant group \(group): cannot read its permissions (\(error)); READ is not reconciled for it")
            }
        }
        return (users, groups, problems)
    }

    /// The objects on which every permission of `sync.grant.permissions` is held.
    private func held(_ permissions: GuacamolePermissionSet) -> GrantReconciliation.Held {
        let wanted = Set(config.sync.grant.permissions)
        return GrantReconciliation.Held(
            connections: Set(permissions.connectionPermissions.filter { wanted.isSubset(of: $0.value) }.keys),
            groups: Set(permissions.connectionGroupPermissions.filter { wanted.isSubset(of: $0.value) }.keys))
    }
}
