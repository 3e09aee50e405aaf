/// Which groups under the root group proxguac owns: only those may be deleted, renamed or moved.
///
/// The state records the identifiers of the groups proxguac creates. A state without that record
/// (written before it existed, or lost) recognises once the groups proxguac made before: a group below
/// the root group that holds at least one connection or group, all its connections managed ones (their
/// marker's, see `ManagedConnections`) and all its subgroups recognised too. Hand-made groups (empty
/// ones, balancing groups, groups holding a hand-made connection or a copy of a managed one made by
/// hand) are never recognised.
enum GroupOwnership {
    /// - Parameter managedConnections: identifiers of the connections proxguac manages (hand copies and
    ///   connections of an ambiguous marker excluded).
    static func owned(tree: GroupTree, observed: [ObservedConnection], managedConnections: Set<String>,
                      recorded: Set<String>?) -> Set<String> {
        if let recorded { return recorded.intersection(tree.managed) }
        guard let root = tree.rootIdentifier else { return [] }
        var marked: [String: Int] = [:]
        var unmarked: Set<String> = []
        for connection in observed where tree.isManaged(connection.parentIdentifier) {
            if managedConnections.contains(connection.identifier) {
                marked[connection.parentIdentifier, default: 0] += 1
            } else {
                unmarked.insert(connection.parentIdentifier)
            }
        }
        var recognised: Set<String> = []
        tree.visitPostOrder(from: root) { group, children in
            guard group != root, !unmarked.contains(group), children.allSatisfy(recognised.contains),
                  marked[group, default: 0] > 0 || !children.isEmpty else { return }
            recognised.insert(group)
        }
        return recognised
    }
}
