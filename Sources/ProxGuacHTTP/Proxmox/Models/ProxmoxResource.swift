/// One guest from `GET /cluster/resources?type=vm`.
///
/// When its node is offline, `status` is `unknown` and `name` is missing (fall back to the config's name).
public struct ProxmoxGuestResource: Sendable, Hashable, Decodable {
    public let vmid: Int
    public let node: String
    public let type: ProxmoxGuestType
    public let status: String
    public let name: String?
    public let isTemplate: Bool
    /// `;`-separated, as stored; missing before PVE 7.3.
    public let tags: String?
    public let lock: String?
    public let pool: String?
    public let hastate: String?

    public var id: ProxmoxGuestID { ProxmoxGuestID(node: node, type: type, vmid: vmid) }

    public init(
        vmid: Int, node: String, type: ProxmoxGuestType, status: String, name: String? = nil, isTemplate: Bool = false,
        tags: String? = nil, lock: String? = nil, pool: String? = nil, hastate: String? = nil
    ) {
        self.vmid = vmid
        self.node = node
        self.type = type
        self.status = status
        self.name = name
        self.isTemplate = isTemplate
        self.tags = tags
        self.lock = lock
        self.pool = pool
        self.hastate = hastate
    }

    private enum CodingKeys: String, CodingKey {
        case vmid, node, type, status, name, template, tags, lock, pool, hastate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let vmid = c.lenientInt(.vmid) else {
            throw DecodingError.keyNotFound(CodingKeys.vmid, .init(codingPath: c.codingPath, debugDescription: "vmid"))
        }
        self.vmid = vmid
        node = try c.decode(String.self, forKey: .node)
        type = try c.decode(ProxmoxGuestType.self, forKey: .type)
        status = c.lenientString(.status) ?? "unknown"
        name = c.lenientString(.name)
        isTemplate = c.lenientInt(.template) == 1
        tags = c.lenientString(.tags)
        lock = c.lenientString(.lock)
        pool = c.lenientString(.pool)
        hastate = c.lenientString(.hastate)
    }
}

/// One node from `GET /nodes`.
public struct ProxmoxNode: Sendable, Hashable, Decodable {
    public let node: String
    /// `online`, `offline` or `unknown`.
    public let status: String
    /// SHA-256 of the node's certificate, colon-hex: usable as `tls.fingerprint`.
    public let sslFingerprint: String?

    public init(node: String, status: String, sslFingerprint: String? = nil) {
        self.node = node
        self.status = status
        self.sslFingerprint = sslFingerprint
    }

    private enum CodingKeys: String, CodingKey {
        case node, status
        case sslFingerprint = "ssl_fingerprint"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        node = try c.decode(String.self, forKey: .node)
        status = c.lenientString(.status) ?? "unknown"
        sslFingerprint = c.lenientString(.sslFingerprint)
    }
}
