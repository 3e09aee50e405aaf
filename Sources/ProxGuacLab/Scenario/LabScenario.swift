import Foundation

/// Everything the lab starts with: Proxmox nodes and guests, PVE users and tokens, and the
/// Guacamole users, groups and connections. Load one with ``load(path:)``, or use
/// ``defaultScenarioPath`` / ``generated(guests:nodes:seed:)``.
public struct LabScenario: Codable, Sendable, Equatable {
    public var nodes: [Node]
    public var guests: [Guest]
    public var proxmox: ProxmoxAccess
    public var guacamole: GuacamoleSetup

    public init(nodes: [Node], guests: [Guest], proxmox: ProxmoxAccess, guacamole: GuacamoleSetup) {
        self.nodes = nodes
        self.guests = guests
        self.proxmox = proxmox
        self.guacamole = guacamole
    }

    public struct Node: Codable, Sendable, Equatable {
        public var name: String
        public var online: Bool
        public init(name: String, online: Bool = true) {
            self.name = name
            self.online = online
        }
    }

    public enum GuestType: String, Codable, Sendable, Equatable {
        case qemu, lxc
    }

    /// One VM or container. `config` holds raw config keys (`description`, `net0`, `ipconfig0`,
    /// `agent`, `ostype`, …); `name`, `tags` and `template` are folded into the config on load.
    public struct Guest: Codable, Sendable, Equatable {
        public var vmid: Int
        public var type: GuestType
        public var name: String
        public var node: String
        /// `running`, `stopped` or a QMP state such as `paused`.
        public var status: String
        public var template: Bool?
        public var tags: String?
        public var pool: String?
        public var config: [String: String]
        /// QEMU guest agent data; nil means no agent answers (even if `config.agent` is set).
        public var agent: Agent?
        /// What `lxc/{vmid}/interfaces` reports while the container runs.
        public var lxcInterfaces: [Interface]?

        public init(vmid: Int, type: GuestType, name: String, node: String, status: String, template: Bool? = nil,
                    tags: String? = nil, pool: String? = nil, config: [String: String] = [:], agent: Agent? = nil,
                    lxcInterfaces: [Interface]? = nil) {
            self.vmid = vmid
            self.type = type
            self.name = name
            self.node = node
            self.status = status
            self.template = template
            self.tags = tags
            self.pool = pool
            self.config = config
            self.agent = agent
            self.lxcInterfaces = lxcInterfaces
        }
    }

    public struct Agent: Codable, Sendable, Equatable {
        public var hostname: String?
        /// false: the agent is configured but does not answer ("QEMU guest agent is not running").
        public var running: Bool?
        public var interfaces: [Interface]
        public init(hostname: String? = nil, running: Bool? = nil, interfaces: [Interface]) {
            self.hostname = hostname
            self.running = running
            self.interfaces = interfaces
        }
    }

    /// A guest network interface: `addresses` are `ip/prefix` strings (IPv4 or IPv6).
    public struct Interface: Codable, Sendable, Equatable {
        public var name: String
        public var mac: String?
        public var addresses: [String]?
        public init(name: String, mac: String? = nil, addresses: [String]? = nil) {
            self.name = name
            self.mac = mac
            self.addresses = addresses
        }
    }

    public struct ProxmoxAccess: Codable, Sendable, Equatable {
        public var users: [User]
        public var tokens: [Token]
        public init(users: [User], tokens: [Token]) {
            self.users = users
            self.tokens = tokens
        }
    }

    /// A PVE user; `root@pam` holds every privilege. Others get `privs` (path → privileges, propagated).
    public struct User: Codable, Sendable, Equatable {
        public var userid: String
        public var password: String
        public var privs: [String: [String]]?
        public init(userid: String, password: String, privs: [String: [String]]? = nil) {
            self.userid = userid
            self.password = password
            self.privs = privs
        }
    }

    /// An API token `user@realm!name` with its secret and its own ACLs (path → privileges, propagated).
    public struct Token: Codable, Sendable, Equatable {
        public var tokenid: String
        public var secret: String
        public var privs: [String: [String]]
        public init(tokenid: String, secret: String, privs: [String: [String]]) {
            self.tokenid = tokenid
            self.secret = secret
            self.privs = privs
        }
    }

    public struct GuacamoleSetup: Codable, Sendable, Equatable {
        /// "1.5.5" or "1.6.0"; ``LabOptions/guacamoleVersion`` overrides it when set.
        public var version: String?
        public var dataSource: String?
        public var users: [GuacUser]
        public var groups: [GuacGroup]
        public var connections: [GuacConnection]
        /// User groups that permissions can be granted to (`sync.grant.groups`); none when absent.
        public var userGroups: [GuacUserGroup]?
        public init(version: String? = nil, dataSource: String? = nil, users: [GuacUser], groups: [GuacGroup] = [],
                    connections: [GuacConnection] = [], userGroups: [GuacUserGroup]? = nil) {
            self.version = version
            self.dataSource = dataSource
            self.users = users
            self.groups = groups
            self.connections = connections
            self.userGroups = userGroups
        }
    }

    public struct GuacUser: Codable, Sendable, Equatable {
        public var username: String
        public var password: String
        /// Admins hold system `ADMINISTER`; others only what is granted to them.
        public var admin: Bool
        /// When set, the account has TOTP enrolled: login answers 403 `INSUFFICIENT_CREDENTIALS` asking for
        /// `guac-totp`, and accepts this fixed code in that field (a real server wants the current code).
        public var totpCode: String?
        /// When set, the account has TOTP enrolled with this base32 key: the code must be the current or the
        /// previous step's (`LabOptions.totpPeriod`), and a code once used is refused for two periods.
        public var totpSecret: String?
        public init(username: String, password: String, admin: Bool, totpCode: String? = nil, totpSecret: String? = nil) {
            self.username = username
            self.password = password
            self.admin = admin
            self.totpCode = totpCode
            self.totpSecret = totpSecret
        }
    }

    /// A Guacamole user group (`APIUserGroup`); its identifier is its name.
    public struct GuacUserGroup: Codable, Sendable, Equatable {
        public var identifier: String
        public init(identifier: String) {
            self.identifier = identifier
        }
    }

    /// A pre-existing connection group; `identifier` is assigned in order when absent.
    public struct GuacGroup: Codable, Sendable, Equatable {
        public var identifier: String?
        public var name: String
        public var parentIdentifier: String?
        public var type: String?
        public init(identifier: String? = nil, name: String, parentIdentifier: String? = "ROOT", type: String? = "ORGANIZATIONAL") {
            self.identifier = identifier
            self.name = name
            self.parentIdentifier = parentIdentifier
            self.type = type
        }
    }

    /// A pre-existing connection (e.g. one made by hand that proxguac must never touch).
    public struct GuacConnection: Codable, Sendable, Equatable {
        public var name: String
        public var parentIdentifier: String?
        public var `protocol`: String
        public var parameters: [String: String]
        public var attributes: [String: String]?
        /// Users (besides admins) that get READ on it.
        public var readableBy: [String]?
        public init(name: String, parentIdentifier: String? = "ROOT", protocol: String, parameters: [String: String],
                    attributes: [String: String]? = nil, readableBy: [String]? = nil) {
            self.name = name
            self.parentIdentifier = parentIdentifier
            self.protocol = `protocol`
            self.parameters = parameters
            self.attributes = attributes
            self.readableBy = readableBy
        }
    }
}

extension LabScenario {
    /// Reads and validates a scenario JSON file.
    public static func load(path: String) throws(LabError) -> LabScenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .scenarioUnreadable(path: path, reason: "the file cannot be read")
        }
        let scenario: LabScenario
        do {
            scenario = try JSONDecoder().decode(LabScenario.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .scenarioUnreadable(path: path, reason: "missing key '\(key.stringValue)' at \(Self.codingPath(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .scenarioUnreadable(path: path, reason: "wrong type at \(Self.codingPath(context.codingPath))")
        } catch {
            throw .scenarioUnreadable(path: path, reason: "not valid scenario JSON")
        }
        try scenario.validate()
        return scenario
    }

    /// Checks references and uniqueness; throws the first problem found.
    public func validate() throws(LabError) {
        let nodeNames = Set(nodes.map(\.name))
        guard nodeNames.count == nodes.count else { throw .scenarioInvalid("node names must be unique") }
        var seen = Set<Int>()
        for guest in guests {
            guard (100...999_999_999).contains(guest.vmid) else { throw .scenarioInvalid("vmid \(guest.vmid) is outside 100-999999999") }
            guard seen.insert(guest.vmid).inserted else { throw .scenarioInvalid("vmid \(guest.vmid) is used twice") }
            guard nodeNames.contains(guest.node) else {
                throw .scenarioInvalid("guest \(guest.vmid) is on unknown node '\(guest.node)'")
            }
        }
        for token in proxmox.tokens where !token.tokenid.contains("!") || !token.tokenid.contains("@") {
            throw .scenarioInvalid("token id '\(token.tokenid)' must look like user@realm!name")
        }
    }

    private static func codingPath(_ path: [CodingKey]) -> String {
        path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
