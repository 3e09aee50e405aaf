extension PlanBuilder {
    /// Creates, renames or moves groups so every wanted path exists; returns the wanted paths
    /// (every group path a connection will live in, with all its ancestors down from the root group).
    mutating func planGroups(for decisions: [ConnectionDecision]) -> Set<GroupPath> {
        var wanted: Set<GroupPath> = []
        var holders: [GroupPath: Set<String>] = [:]
        for decision in decisions {
            guard var path = decision.desiredPath else { continue }
            if let keeper = decision.keeper { holders[path, default: []].insert(keeper.parentIdentifier) }
            while path.depth >= tree.rootPath.depth, wanted.insert(path).inserted, let parent = path.parent {
                path = parent
            }
        }
        var renamed: Set<String> = []
        for path in wanted.sorted(by: { ($0.depth, $0) < ($1.depth, $1) }) where tree.reference(to: path) == .planned(path) {
            if let group = renameCandidate(for: path, holders: holders[path] ?? [], wanted: wanted, renamed: renamed),
               let parent = path.parent {
                let from = tree.path(of: group)
                actions.append(PlanAction(.moveGroup(identifier: group, from: from, to: path, newParent: tree.reference(to: parent)),
                                          reason: "its connections now belong in \(path): rename/move instead of recreating"))
                tree.move(group, to: path)
                renamed.insert(group)
            } else {
                let parent = path.parent ?? .guacamoleRoot
                let why = path == tree.rootPath ? "the root group does not exist yet" : "needed for new or moved connections"
                actions.append(PlanAction(.createGroup(path: path, parent: tree.reference(to: parent)), reason: why))
                planGrant(.group(.planned(path)), what: "group \(path)")
            }
        }
        return wanted
    }

    /// The existing managed group to rename into `path`: the only group holding connections that want
    /// `path`, not the root group, not wanted at its current path, not already renamed, and not an
    /// ancestor of `path` (a group cannot move under itself).
    private func renameCandidate(for path: GroupPath, holders: Set<String>, wanted: Set<GroupPath>,
                                 renamed: Set<String>) -> String? {
        guard holders.count == 1, let group = holders.first, group != tree.rootIdentifier,
              ownedGroups.contains(group), !renamed.contains(group) else { return nil }
        let current = tree.path(of: group)
        guard !wanted.contains(current), !path.hasPrefix(current) else { return nil }
        return group
    }

    /// Deletes owned groups that end up empty and unwanted (topmost only: Guacamole cascades; a group
    /// is removable only when its whole subtree is owned and removable).
    mutating func planEmptyGroupDeletion(decisions: [ConnectionDecision], wantedPaths: Set<GroupPath>) {
        guard let root = tree.rootIdentifier else { return }
        var occupancy: [String: Int] = [:]
        for connection in input.observed where tree.isManaged(connection.parentIdentifier) {
            occupancy[connection.parentIdentifier, default: 0] += 1
        }
        // By index: a decision is large, and copying each one cost more than the counting.
        for index in decisions.indices {
            for extra in decisions[index].extras { occupancy[extra.parentIdentifier, default: 0] -= 1 }
            guard let keeper = decisions[index].keeper else { continue }
            switch decisions[index].work {
            case .delete:
                occupancy[keeper.parentIdentifier, default: 0] -= 1
            case .update, .align:
                if let wanted = decisions[index].desiredPath, tree.path(of: keeper.parentIdentifier) != wanted {
                    occupancy[keeper.parentIdentifier, default: 0] -= 1
                }
            case .none, .create, .pull:
                break
            }
        }
        // A group is removable when it is owned, empty, unwanted and all its children are removable.
        var removable: Set<String> = []
        tree.visitPostOrder(from: root) { group, children in
            if group != root, ownedGroups.contains(group), occupancy[group, default: 0] <= 0,
               !wantedPaths.contains(tree.path(of: group)),
               children.allSatisfy(removable.contains) {
                removable.insert(group)
            }
        }
        for group in removable {
            if let parent = tree.parentByIdentifier[group], removable.contains(parent) { continue }
            let inside = subtreeSize(of: group) - 1
            let reason = inside == 0 ? "empty managed group" : "empty managed group (with \(inside) empty subgroups)"
            actions.append(PlanAction(.deleteGroup(identifier: group, path: tree.path(of: group)), reason: reason))
        }
    }

    private func subtreeSize(of group: String) -> Int {
        var count = 0
        var pending = [group]
        while let next = pending.popLast() {
            count += 1
            pending += tree.children[next] ?? []
        }
        return count
    }
}
