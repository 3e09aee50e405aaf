import Foundation

/// `proxmox`: one cluster object (today's form; `name` optional) or a list of cluster objects (see docs/clusters.md).
extension ParseSession {
    static let clusterKeys = ["name", "previousNames"] + proxmoxKeys

    mutating func proxmoxClusters(_ root: ConfigObject) throws(ConfigError) -> [ProxmoxSettings] {
        guard let raw = root.raw("proxmox") else { throw root.missing("proxmox") }
        guard case .array(let items) = raw else {
            guard let section = try root.object("proxmox", knownKeys: Self.clusterKeys) else { throw root.missing("proxmox") }
            let names = try clusterNames(section, required: false)
            return [try proxmoxSettings(section, name: names.name, previousNames: names.previous)]
        }
        guard !items.isEmpty else {
            throw root.error(.invalidValue, "proxmox", "is an empty list",
                             fix: "list one object per cluster, e.g. [{\"name\": \"lab\", \"url\": \"https://pve.example.org:8006\", ...}]")
        }
        var errors = ConfigErrorCollector()  // every broken cluster (and setting) in one run
        var clusters: [ProxmoxSettings] = []
        var owners: [ClusterName: String] = [:]  // name or previous name -> key path that claimed it first
        var urlOwners: [URL: String] = [:]
        for (index, item) in items.enumerated() {
            let path = "proxmox[\(index)]"
            let cluster = errors.attempt { () throws(ConfigError) -> ProxmoxSettings in
                let section = try ConfigObject(item, path: path, file: file, knownKeys: Self.clusterKeys)
                var problems = ConfigErrorCollector()  // a bad name does not hide the cluster's other problems
                let names = problems.attempt { () throws(ConfigError) in try clusterNames(section, required: items.count > 1) }
                problems.check { () throws(ConfigError) in
                    for (key, name) in [("name", names?.name)] + (names?.previous ?? []).map({ ("previousNames", $0) }) {
                        guard let name else { continue }
                        if let owner = owners[name] {
                            throw section.error(.invalidValue, key, "\"\(name)\" is already used by \(owner)",
                                                fix: "give every cluster its own name (names and previousNames are identities)")
                        }
                        owners[name] = section.keyPath(key)
                    }
                }
                let settings = problems.attempt { () throws(ConfigError) in
                    try proxmoxSettings(section, name: names?.name, previousNames: names?.previous ?? [],
                                        environmentSuffix: items.count > 1 ? names?.name : nil)
                }
                problems.check { () throws(ConfigError) in
                    for url in settings?.urls ?? [] {
                        if let owner = urlOwners[url] {
                            throw section.error(.invalidValue, "url", "\(ConfigValueDisplay.url(url.absoluteString)) is also a URL of \(owner)",
                                                fix: "list each node under the one cluster it belongs to")
                        }
                        urlOwners[url] = path
                    }
                }
                try problems.throwIfAny()
                guard let settings else { throw section.missing("url") }  // not reached: an error was recorded
                return settings
            }
            if let cluster { clusters.append(cluster) }
        }
        try errors.throwIfAny()
        return clusters
    }

    /// `name` (required when `required`) and `previousNames`.
    private func clusterNames(_ section: ConfigObject, required: Bool) throws(ConfigError) -> (name: ClusterName?, previous: [ClusterName]) {
        let invalid = { (key: String, text: String) in
            section.error(.invalidValue, key, "\"\(ConfigValueDisplay.key(text))\" is not a cluster name", fix: "use \(ClusterName.rule), e.g. \"lab\"")
        }
        var name: ClusterName?
        if let text = try section.string("name", example: "\"lab\"") {
            guard let valid = ClusterName(text) else { throw invalid("name", text) }
            name = valid
        } else if required {
            throw section.missing("name", fix: "add \"name\": \"lab\" to \(section.path): with several clusters each needs a name (\(ClusterName.rule))")
        }
        var previous: [ClusterName] = []
        for text in try section.stringList("previousNames", example: "[\"old-name\"]") ?? [] {
            guard let valid = ClusterName(text) else { throw invalid("previousNames", text) }
            guard valid != name, !previous.contains(valid) else {
                throw section.error(.invalidValue, "previousNames", "lists \"\(text)\" twice or as the current name", fix: "list each old name once")
            }
            previous.append(valid)
        }
        if !previous.isEmpty && name == nil {
            throw section.error(.invalidValue, "previousNames", "is set but the cluster has no name",
                                fix: "add \"name\" (the new name) to \(section.path.isEmpty ? "proxmox" : section.path)")
        }
        return (name, previous)
    }
}
