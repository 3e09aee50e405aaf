/// Index of Guacamole's connection groups for one planning run: full paths, which groups proxguac
/// manages (the root group and everything below it), and renames/moves planned so far.
struct GroupTree {
    let rootPath: GroupPath
    /// Identifier of the root group (`sync.rootGroup` directly under ROOT), nil when it does not exist yet.
    let rootIdentifier: String?
    /// Managed group identifiers (root group and descendants).
    let managed: Set<String>
    /// Child groups by parent identifier.
    let children: [String: [String]]
    /// Parent identifier by group identifier.
    let parentByIdentifier: [String: String]
    /// Current full path of every group that can be reached from ROOT (updated by `move`).
    private(set) var pathByIdentifier: [String: GroupPath]
    /// Managed groups by current full path (updated by `move`).
    private(set) var managedIdentifierByPath: [GroupPath: String]

    init(groups: [ObservedGroup], rootName: String) {
        rootPath = GroupPath([rootName])
        var children: [String: [String]] = [:]
        for group in groups { children[group.parentIdentifier, default: []].append(group.identifier) }
        for key in children.keys { children[key]?.sort() }
        self.children = children
        parentByIdentifier = Dictionary(groups.map { ($0.identifier, $0.parentIdentifier) }, uniquingKeysWith: { first, _ in first })
        let byIdentifier = Dictionary(groups.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })

        // Walk from ROOT: groups with an unknown parent or in a cycle are unreachable and never managed.
        var paths: [String: GroupPath] = [:]
        var queue: [(String, GroupPath)] = [(guacamoleRootIdentifier, .guacamoleRoot)]
        while let (parent, parentPath) = queue.popLast() {
            for child in children[parent] ?? [] where paths[child] == nil {
                guard let group = byIdentifier[child] else { continue }
                let path = parentPath.appending(group.name)
                paths[child] = path
                queue.append((child, path))
            }
        }
        pathByIdentifier = paths

        let root = (children[guacamoleRootIdentifier] ?? []).first { byIdentifier[$0]?.name == rootName }
        rootIdentifier = root
        var managed: Set<String> = []
        var pending = root.map { [$0] } ?? []
        while let next = pending.popLast() {
            if managed.insert(next).inserted { pending += children[next] ?? [] }
        }
        self.managed = managed
        managedIdentifierByPath = Dictionary(managed.compactMap { id in paths[id].map { ($0, id) } },
                                             uniquingKeysWith: { first, _ in first })
    }

    func isManaged(_ groupIdentifier: String) -> Bool { managed.contains(groupIdentifier) }

    /// Current full path of a group; `ROOT` (and unknown groups) give the empty path.
    func path(of groupIdentifier: String) -> GroupPath { pathByIdentifier[groupIdentifier] ?? .guacamoleRoot }

    /// Reference to the group at `path`: existing when a managed group is there (or it is ROOT), else planned.
    func reference(to path: GroupPath) -> GroupReference {
        if path == .guacamoleRoot { return .existing(identifier: guacamoleRootIdentifier) }
        if let identifier = managedIdentifierByPath[path] { return .existing(identifier: identifier) }
        return .planned(path)
    }

    /// Records that a managed group (with its subtree) now lives at `newPath`.
    mutating func move(_ groupIdentifier: String, to newPath: GroupPath) {
        guard let oldPath = pathByIdentifier[groupIdentifier] else { return }
        var pending = [groupIdentifier]
        while let next = pending.popLast() {
            guard let path = pathByIdentifier[next] else { continue }
            let moved = GroupPath(newPath.names + path.names.dropFirst(oldPath.depth))
            if managedIdentifierByPath[path] == next { managedIdentifierByPath[path] = nil }
            pathByIdentifier[next] = moved
            if managed.contains(next) { managedIdentifierByPath[moved] = next }
            pending += children[next] ?? []
        }
    }
}

extension GroupTree {
    /// Visits every group below and including `root`, children before their parent (post-order), without
    /// recursion (group trees can be deep). `visit` gets the group and its children.
    func visitPostOrder(from root: String, _ visit: (_ group: String, _ children: [String]) -> Void) {
        var stack: [(String, Bool)] = [(root, false)]
        while let (group, childrenDone) = stack.popLast() {
            let children = self.children[group] ?? []
            if !childrenDone {
                stack.append((group, true))
                stack += children.map { ($0, false) }
                continue
            }
            visit(group, children)
        }
    }
}
