import ProxGuacCore

/// The made-up lab behind `proxguac ui --demo-data`: twelve guests on two nodes, some already synced,
/// some new, one drifted, one without an address, plus an orphaned connection. Addresses are from the
/// documentation ranges (198.51.100.0/24, 203.0.113.0/24), so nothing real is ever named. With
/// `--demo-clusters N` the same guests are in each of N named clusters (`lab1/101`, `lab2/101`, …).
enum DemoData {
    struct Guest: Sendable {
        /// Nil in the single-cluster demo; `lab1`, `lab2`, … with `--demo-clusters N`.
        var cluster: ClusterName?
        var vmid: Int
        var name: String
        var node: String
        var running: Bool
        var protocols: [String]
        var ip: String?
        var ipSource: String
        var mac: String
        /// Credential entries with a plain-text password.
        var plainPasswords: Int

        var key: GuestKey { GuestKey(cluster: cluster, vmid: vmid) }
    }

    struct Connection: Sendable {
        var id: Int
        var cluster: ClusterName?
        var vmid: Int?
        var proto: String
        var name: String
        var host: String
        var group: String
    }

    /// The clusters of `proxguac ui --demo-clusters N`: `lab1` … `labN` (at most ``maxClusters``).
    static let maxClusters = 9

    static func clusterNames(_ count: Int) -> [ClusterName] {
        count < 2 ? [] : (1...min(count, maxClusters)).compactMap { ClusterName("lab\($0)") }
    }

    /// The twelve guests once (no cluster), or in each of `clusters` with the same vmids and names (each
    /// cluster's MACs apart: `bc:24:11:00:0N:…` for cluster N).
    static func guests(clusters: [ClusterName]) -> [Guest] {
        guard !clusters.isEmpty else { return guests }
        return clusters.enumerated().flatMap { index, cluster in
            guests.map { guest in
                var copy = guest
                copy.cluster = cluster
                copy.mac = guest.mac.replacingOccurrences(of: "bc:24:11:00:01:", with: "bc:24:11:00:0\(index + 1):")
                return copy
            }
        }
    }

    /// The connections: the first cluster has the single demo's (drift and orphan included), under its own
    /// group (`lab1/pve1`); the others have none yet, so their guests are all new.
    static func connections(clusters: [ClusterName]) -> [Connection] {
        guard let first = clusters.first else { return connections }
        return connections.map { connection in
            var copy = connection
            copy.cluster = first
            copy.name = "\(first.text)/\(connection.name)"
            copy.group = "\(first.text)/\(connection.group)"
            return copy
        }
    }

    static let guests: [Guest] = [
        Guest(cluster: nil, vmid: 101, name: "web-01", node: "pve1", running: true, protocols: ["rdp", "ssh"],
              ip: "198.51.100.11", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:01", plainPasswords: 0),
        Guest(cluster: nil, vmid: 102, name: "db-02", node: "pve1", running: true, protocols: ["ssh"],
              ip: "198.51.100.12", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:02", plainPasswords: 1),
        Guest(cluster: nil, vmid: 103, name: "ゲスト-03", node: "pve2", running: true, protocols: ["rdp"],
              ip: "203.0.113.13", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:03", plainPasswords: 1),
        Guest(cluster: nil, vmid: 104, name: "café-04", node: "pve2", running: true, protocols: ["ssh", "vnc"],
              ip: "203.0.113.14", ipSource: "lxc-config", mac: "bc:24:11:00:01:04", plainPasswords: 0),
        Guest(cluster: nil, vmid: 105, name: "mail-05", node: "pve1", running: false, protocols: ["ssh"],
              ip: nil, ipSource: "none: guest is stopped and its notes have no ip:", mac: "bc:24:11:00:01:05",
              plainPasswords: 1),
        Guest(cluster: nil, vmid: 106, name: "win11-ws-06", node: "pve2", running: true, protocols: ["rdp"],
              ip: "198.51.100.16", ipSource: "arp (bc:24:11:00:01:06)", mac: "bc:24:11:00:01:06", plainPasswords: 0),
        Guest(cluster: nil, vmid: 107, name: "ci-runner-07", node: "pve1", running: true, protocols: ["ssh"],
              ip: "198.51.100.17", ipSource: "notes ip:", mac: "bc:24:11:00:01:07", plainPasswords: 0),
        Guest(cluster: nil, vmid: 108, name: "grafana-08", node: "pve2", running: true, protocols: ["ssh"],
              ip: "203.0.113.18", ipSource: "lxc-config", mac: "bc:24:11:00:01:08", plainPasswords: 0),
        Guest(cluster: nil, vmid: 109, name: "nas-09", node: "pve1", running: true, protocols: ["ssh", "vnc"],
              ip: "198.51.100.19", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:09", plainPasswords: 0),
        Guest(cluster: nil, vmid: 110, name: "ubuntu-lts-10", node: "pve2", running: true, protocols: ["ssh", "vnc"],
              ip: "203.0.113.20", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:0a", plainPasswords: 1),
        Guest(cluster: nil, vmid: 111, name: "backup-11", node: "pve1", running: false, protocols: ["ssh"],
              ip: "198.51.100.21", ipSource: "notes ip:", mac: "bc:24:11:00:01:0b", plainPasswords: 0),
        Guest(cluster: nil, vmid: 112, name: "jump-host-12", node: "pve1", running: true, protocols: ["ssh"],
              ip: "198.51.100.22", ipSource: "qemu-guest-agent", mac: "bc:24:11:00:01:0c", plainPasswords: 0),
    ]

    static let connections: [Connection] = [
        Connection(id: 11, cluster: nil, vmid: 101, proto: "rdp", name: "web-01-rdp", host: "198.51.100.11", group: "pve1"),
        Connection(id: 12, cluster: nil, vmid: 101, proto: "ssh", name: "web-01-ssh", host: "198.51.100.11", group: "pve1"),
        Connection(id: 14, cluster: nil, vmid: 104, proto: "ssh", name: "café-04-ssh", host: "203.0.113.40", group: "pve2"),
        Connection(id: 17, cluster: nil, vmid: 107, proto: "ssh", name: "ci-runner-07-ssh", host: "198.51.100.17", group: "pve1"),
        Connection(id: 18, cluster: nil, vmid: 108, proto: "ssh", name: "grafana-08-ssh", host: "203.0.113.18", group: "pve2"),
        Connection(id: 19, cluster: nil, vmid: 109, proto: "ssh", name: "nas-09-ssh", host: "198.51.100.19", group: "pve1"),
        Connection(id: 20, cluster: nil, vmid: 109, proto: "vnc", name: "nas-09-vnc", host: "198.51.100.19", group: "pve1"),
        Connection(id: 22, cluster: nil, vmid: 112, proto: "ssh", name: "jump-host-12-ssh", host: "198.51.100.22", group: "pve1"),
        Connection(id: 99, cluster: nil, vmid: nil, proto: "ssh", name: "old-vm-99-ssh", host: "198.51.100.99", group: "pve1"),
    ]
}
