/// What the state file knows about the Guacamole it was written against and about what proxguac owns
/// there (the `server` member of the state file; absent in files written before it existed).
///
/// - `guacamoleURL`, `dataSource`, `rootGroup`: the state's records (numeric identifiers) only mean
///   something on this server; another one refuses to run (`--rebind` re-derives ownership from markers).
/// - `auditScope`: where the token held `VM.Audit` at the last applying run (see `DeletionGuard`), for the single
///   unnamed cluster; `auditScopes`: the same per named cluster (keyed by the cluster's name).
/// - `groups`: identifiers of the groups proxguac created (or recognised once as its own per-guest
///   groups); no other group is ever deleted, renamed or moved.
public struct SyncStateServer: Sendable, Hashable {
    public var guacamoleURL: String
    public var dataSource: String
    public var rootGroup: String
    public var auditScope: Set<String>?
    /// The `VM.Audit` scope per named cluster (`auditScope` is the unnamed cluster's).
    public var auditScopes: [String: Set<String>] = [:]
    public var groups: Set<String>

    public init(guacamoleURL: String, dataSource: String, rootGroup: String, auditScope: Set<String>? = nil,
                groups: Set<String> = []) {
        self.guacamoleURL = guacamoleURL
        self.dataSource = dataSource
        self.rootGroup = rootGroup
        self.auditScope = auditScope
        self.groups = groups
    }

    /// The recorded `VM.Audit` scope of a cluster (nil: the single unnamed cluster).
    public func auditScope(of cluster: ClusterName?) -> Set<String>? {
        guard let cluster else { return auditScope }
        return auditScopes[cluster.text]
    }

    /// Records the `VM.Audit` scope of a cluster (nil: the single unnamed cluster).
    public mutating func setAuditScope(_ scope: Set<String>?, of cluster: ClusterName?) {
        guard let cluster else { auditScope = scope; return }
        auditScopes[cluster.text] = scope
    }

    /// Whether the state was written against the same server, data source and root group.
    public func binds(_ other: SyncStateServer) -> Bool {
        Self.normalized(guacamoleURL) == Self.normalized(other.guacamoleURL) && dataSource == other.dataSource
            && rootGroup == other.rootGroup
    }

    static func normalized(_ url: String) -> String {
        var text = url.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The members, in key order, for the state file writer.
    func write(to out: inout JSONByteWriter) {
        out.raw(",\n  \"server\" : {")
        if let auditScope {
            out.raw("\n    \"auditScope\" : ")
            out.stateFileStringList(auditScope.sorted())
            out.raw(",")
        }
        if !auditScopes.isEmpty {
            out.raw("\n    \"auditScopes\" : {")
            for (index, (name, scope)) in auditScopes.sorted(by: { $0.key < $1.key }).enumerated() {
                out.raw(index == 0 ? "\n      " : ",\n      ")
                out.string(name)
                out.raw(" : ")
                out.stateFileStringList(scope.sorted())
            }
            out.raw("\n    },")
        }
        out.raw("\n    \"dataSource\" : ")
        out.string(dataSource)
        out.raw(",\n    \"groups\" : ")
        out.stateFileStringList(groups.sorted { ManagedIdentifierOrder.less($0, $1) })
        out.raw(",")
        out.raw("\n    \"guacamoleURL\" : ")
        out.string(guacamoleURL)
        out.raw(",\n    \"rootGroup\" : ")
        out.string(rootGroup)
        out.raw("\n  }")
    }

    /// Reads the `server` member; nil when it is not an object of the expected shape.
    init?(_ value: JSONValue) {
        guard case .object(let members) = value else { return nil }
        func member(_ key: String) -> JSONValue? { members.last { $0.key == key }?.value }
        func strings(_ key: String) -> [String]? {
            guard case .array(let items)? = member(key) else { return nil }
            let texts = items.compactMap { item -> String? in if case .string(let text) = item { text } else { nil } }
            return texts.count == items.count ? texts : nil
        }
        guard case .string(let url)? = member("guacamoleURL"), case .string(let dataSource)? = member("dataSource"),
              case .string(let rootGroup)? = member("rootGroup") else { return nil }
        self.init(guacamoleURL: url, dataSource: dataSource, rootGroup: rootGroup,
                  auditScope: strings("auditScope").map(Set.init), groups: Set(strings("groups") ?? []))
        if case .object(let scopes)? = member("auditScopes") {
            for scope in scopes {
                guard case .array(let items) = scope.value else { continue }
                auditScopes[scope.key] = Set(items.compactMap { item -> String? in if case .string(let text) = item { text } else { nil } })
            }
        }
    }
}

/// Numeric order for JDBC's decimal identifiers, text order otherwise.
enum ManagedIdentifierOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a < b
        }
    }
}

/// The state file belongs to another Guacamole (or data source, or root group).
public struct SyncStateBindingError: UserFacingError, Equatable {
    public let recorded: String
    public let current: String

    public init(recorded: String, current: String) {
        self.recorded = recorded
        self.current = current
    }

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        "the state file was written for \(recorded), not \(current): its records do not apply here; run with --rebind to re-derive ownership from the proxguac-id markers only (or point sync.stateFile elsewhere)"
    }
}
