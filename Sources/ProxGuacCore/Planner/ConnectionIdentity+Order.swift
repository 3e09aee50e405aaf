extension ConnectionIdentity {
    /// For each identity, its place in `<` order among the distinct ones (equal identities share one): what sorting by
    /// `<` gives, at a fraction of the cost. `<` compares enum payloads and cluster names for every pair (a quarter of a
    /// 10,000-guest plan's time went into two such sorts); here each source is turned into integers once (the rank of its
    /// cluster or external name among the distinct ones, and the vmid) and only the protocol and user are compared as text.
    static func ordinals(_ identities: [ConnectionIdentity]) -> [Int] {
        var clusters: Set<ClusterName> = []
        var externals: Set<String> = []
        for identity in identities {
            switch identity.source {
            case .proxmox(let cluster?, _): clusters.insert(cluster)
            case .proxmox(nil, _): break
            case .external(let name): externals.insert(name)
            }
        }
        // No cluster (the single unnamed one) sorts first, as in `GuestKey`.
        let clusterRanks = Dictionary(uniqueKeysWithValues: clusters.sorted().enumerated().map { ($1, $0 + 1) })
        let externalRanks = Dictionary(uniqueKeysWithValues: externals.sorted().enumerated().map { ($1, $0) })
        let keys = identities.map { identity -> SourceKey in
            switch identity.source {
            case .proxmox(let cluster, let vmid): SourceKey(kind: 0, rank: cluster.flatMap { clusterRanks[$0] } ?? 0, vmid: vmid)
            case .external(let name): SourceKey(kind: 1, rank: externalRanks[name] ?? 0, vmid: 0)
            }
        }
        let order = identities.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            let (x, y) = (identities[a], identities[b])
            if x.protocolName != y.protocolName { return x.protocolName < y.protocolName }
            return x.username < y.username
        }
        var ordinals = [Int](repeating: 0, count: identities.count)
        var ordinal = -1
        var previous: Int?
        for index in order {
            if previous.map({ keys[$0] != keys[index] || identities[$0] != identities[index] }) ?? true { ordinal += 1 }
            ordinals[index] = ordinal
            previous = index
        }
        return ordinals
    }

    /// The identities sorted by `<` (see `ordinals`).
    static func sortedInOrder(_ identities: [ConnectionIdentity]) -> [ConnectionIdentity] {
        let ordinals = Self.ordinals(identities)
        return identities.indices.sorted { ordinals[$0] < ordinals[$1] || (ordinals[$0] == ordinals[$1] && $0 < $1) }
            .map { identities[$0] }
    }

    /// A source as integers, ordered as `ConnectionSource.<`: Proxmox guests before external hosts, then the cluster's
    /// (or the external name's) rank, then the vmid.
    private struct SourceKey: Equatable, Comparable {
        let kind: Int
        let rank: Int
        let vmid: Int

        static func < (lhs: SourceKey, rhs: SourceKey) -> Bool {
            (lhs.kind, lhs.rank, lhs.vmid) < (rhs.kind, rhs.rank, rhs.vmid)
        }
    }
}
