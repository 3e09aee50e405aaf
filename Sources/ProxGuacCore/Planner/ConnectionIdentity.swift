/// Where a managed connection comes from: a Proxmox guest (by cluster and vmid) or an external host from the config.
public enum ConnectionSource: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A Proxmox VE guest (QEMU VM or LXC container), identified by its cluster's configured name (nil for the
    /// single unnamed cluster) and its cluster-wide vmid.
    case proxmox(cluster: ClusterName? = nil, vmid: Int)
    /// A host outside Proxmox (`proxguac add-external` / config `external`), identified by its configured name.
    case external(name: String)

    public var description: String {
        switch self {
        case .proxmox(let cluster, let vmid): "guest \(GuestKey(cluster: cluster, vmid: vmid))"
        case .external(let name): "external host \(name)"
        }
    }

    /// The guest (cluster and vmid) when the source is a Proxmox guest.
    public var guest: GuestKey? {
        if case .proxmox(let cluster, let vmid) = self { return GuestKey(cluster: cluster, vmid: vmid) }
        return nil
    }

    public static func < (lhs: ConnectionSource, rhs: ConnectionSource) -> Bool {
        switch (lhs, rhs) {
        case (.proxmox(let clusterA, let a), .proxmox(let clusterB, let b)): GuestKey(cluster: clusterA, vmid: a) < GuestKey(cluster: clusterB, vmid: b)
        case (.external(let a), .external(let b)): a < b
        case (.proxmox, .external): true
        case (.external, .proxmox): false
        }
    }
}

/// The identity of a managed connection: (source, protocol, username).
///
/// It is what ties a credential entry in the notes to one Guacamole connection across runs, and it
/// is recoverable from Guacamole alone through the marker parameter (see `IdentityMarker`).
/// Its canonical text form (`key`) is `pve:<vmid>:<proto>:<user>` (the single unnamed cluster),
/// `pve:<cluster>:<vmid>:<proto>:<user>` (a named cluster) or `ext:<name>:<proto>:<user>`,
/// with the name and user percent-encoded; `Codable` uses that text.
public struct ConnectionIdentity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let source: ConnectionSource
    /// Guacamole protocol name, lower case (`rdp`, `vnc`, `ssh`, ...).
    public let protocolName: String
    public let username: String

    public init(source: ConnectionSource, protocolName: String, username: String) {
        self.source = source
        self.protocolName = protocolName.lowercased()
        self.username = username
    }

    /// Identity of a Proxmox guest's connection.
    public static func proxmox(cluster: ClusterName? = nil, vmid: Int, protocolName: String, username: String) -> ConnectionIdentity {
        ConnectionIdentity(source: .proxmox(cluster: cluster, vmid: vmid), protocolName: protocolName, username: username)
    }

    /// Identity of an external host's connection.
    public static func external(name: String, protocolName: String, username: String) -> ConnectionIdentity {
        ConnectionIdentity(source: .external(name: name), protocolName: protocolName, username: username)
    }

    /// The vmid when the source is a Proxmox guest (with several clusters, see ``ConnectionSource/guest`` for the cluster too).
    public var vmid: Int? {
        if case .proxmox(_, let vmid) = source { return vmid }
        return nil
    }

    /// Canonical text form, e.g. `pve:100:rdp:admin` or `ext:nas:ssh:root%40local`.
    public var key: String { IdentityMarker.key(of: self) }

    public var description: String { key }

    public static func < (lhs: ConnectionIdentity, rhs: ConnectionIdentity) -> Bool {
        (lhs.source, lhs.protocolName, lhs.username) < (rhs.source, rhs.protocolName, rhs.username)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try IdentityMarker.parseKey(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}
