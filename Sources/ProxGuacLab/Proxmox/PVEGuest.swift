import Foundation

/// One emulated guest: its config file (notes as encoded comment lines plus `key: value` lines)
/// and its run state.
struct PVEGuest: Sendable {
    let vmid: Int
    let type: LabScenario.GuestType
    var node: String
    /// `running`, `stopped`, or a QMP state such as `paused`.
    var status: String
    var pool: String?
    /// Config keys other than `description`.
    var options: [String: String] { didSet { digest = Self.digest(noteLines, options) } }
    /// Notes as stored: encoded comment lines.
    var noteLines: [String] {
        didSet {
            notes = NotesEncoding.read(noteLines, type: type)
            digest = Self.digest(noteLines, options)
        }
    }
    /// The notes as the API returns them (kept with `noteLines`, as the config is read far more often than written).
    private(set) var notes: String?
    /// SHA-1 of the config file text, as PVE computes it (kept with the config).
    private(set) var digest: String
    var agent: LabScenario.Agent?
    var lxcInterfaces: [LabScenario.Interface]?
    var startedAt: Date?
    /// What `/cluster/resources` still reports after a state change, and for how many more calls.
    var staleStatus: String?
    var staleCallsLeft = 0

    init(_ guest: LabScenario.Guest, legacyPercent: Bool) {
        vmid = guest.vmid
        type = guest.type
        node = guest.node
        status = guest.status
        pool = guest.pool
        var options = guest.config
        let notes = options.removeValue(forKey: "description") ?? ""
        options[guest.type == .qemu ? "name" : "hostname"] = guest.name
        if let tags = guest.tags, !tags.isEmpty { options["tags"] = tags }
        if guest.template == true { options["template"] = "1" }
        self.options = options
        noteLines = NotesEncoding.store(notes, legacyPercent: legacyPercent)
        self.notes = NotesEncoding.read(noteLines, type: type)
        digest = Self.digest(noteLines, options)
        agent = guest.agent
        lxcInterfaces = guest.lxcInterfaces
        startedAt = guest.status == "stopped" ? nil : Date().addingTimeInterval(-3600)
    }

    var name: String {
        let configured = options[type == .qemu ? "name" : "hostname"]
        return configured ?? (type == .qemu ? "VM \(vmid)" : "CT\(vmid)")
    }

    var isTemplate: Bool { options["template"] == "1" }
    var isRunning: Bool { status != "stopped" }
    var lock: String? { options["lock"] }
    var tags: String? { options["tags"] }

    mutating func setNotes(_ text: String, legacyPercent: Bool) {
        noteLines = NotesEncoding.store(text, legacyPercent: legacyPercent)
    }

    /// The emulated config file text: notes comments, then `key: value` lines sorted by key.
    var configText: String { Self.configText(noteLines, options) }

    private static func configText(_ noteLines: [String], _ options: [String: String]) -> String {
        var text = noteLines.map { "#\($0)\n" }.joined()
        for key in options.keys.sorted() { text += "\(key): \(options[key] ?? "")\n" }
        return text
    }

    private static func digest(_ noteLines: [String], _ options: [String: String]) -> String {
        Hashing.sha1Hex(configText(noteLines, options))
    }

    var configFileName: String {
        type == .qemu ? "nodes/\(node)/qemu-server/\(vmid).conf" : "nodes/\(node)/lxc/\(vmid).conf"
    }

    var uptime: Int {
        guard isRunning, let startedAt else { return 0 }
        return max(0, Int(Date().timeIntervalSince(startedAt)))
    }

    var memoryBytes: Int { (Int(options["memory"] ?? "") ?? 2048) * 1_048_576 }
    var cpus: Int { Int(options["cores"] ?? "") ?? (type == .qemu ? 2 : 1) }
}
