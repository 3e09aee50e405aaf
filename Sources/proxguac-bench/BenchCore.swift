// `proxguac-bench --core`: the CPU work between reading both sides and the first write, in-process
// and without any network: desired set, plan, plan text, state file load/save/update.
import Foundation
import Logging
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// The inputs of a first sync and a no-change re-sync of a generated cluster, and the timed steps.
struct BenchCore {
    let guests: [GuestSnapshot]
    let engine: SyncEngine
    let options: PlanOptions

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One timed step: medians over the runs, in milliseconds.
    struct Timing {
        var name: String
        var wallMilliseconds: Double
        var cpuMilliseconds: Double
    }

    init(guests count: Int, nodes: Int = 4, directory: String) throws {
        guests = LabScenario.generated(guests: count, nodes: nodes).guests.map(Self.snapshot)
        let secret = ConfiguredSecret(Secret("bench"), origin: .inline(keyPath: "bench"))
        guard let token = ProxmoxTokenID("bench@pve!bench"),
              let proxmoxURL = URL(string: "https://127.0.0.1:8006"), let guacamoleURL = URL(string: "https://127.0.0.1:8443/guacamole")
        else { throw Failure(description: "bench config is invalid") }
        let config = ProxGuacConfig(
            proxmox: ProxmoxSettings(url: proxmoxURL, auth: .apiToken(token, secret: secret)),
            guacamole: GuacamoleSettings(url: guacamoleURL, username: "bench", password: secret),
            sync: SyncSettings(stateFile: directory + "/state.json"))
        engine = try SyncEngine(config: config, logger: Logger(label: "proxguac.bench"))
        options = PlanOptions(rootGroup: config.sync.rootGroup, deleteOrphans: config.sync.deleteOrphans)
    }

    /// A guest as the snapshot loader would read it from the lab: the agent (running VMs with one),
    /// the LXC interfaces (running containers) or the static address give its IPv4.
    static func snapshot(_ guest: LabScenario.Guest) -> GuestSnapshot {
        let kind: GuestReference.Kind = guest.type == .lxc ? .lxc : .qemu
        let network = GuestNetworkConfig(config: guest.config, kind: kind)
        var facts = GuestFacts(vmid: guest.vmid, name: guest.name, node: guest.node, kind: kind == .lxc ? .lxc : .qemu,
                               status: guest.status, tags: (guest.tags ?? "").split(separator: ";").map(String.init))
        for (index, device) in network.devices { facts.macAddresses[index] = device.mac?.description }
        let reported = (guest.agent?.interfaces ?? guest.lxcInterfaces ?? [])
            .flatMap { $0.addresses ?? [] }.first { !$0.hasPrefix("127.") && !$0.contains(":") }
        let running = guest.status == "running" ? reported.map { String($0.prefix { $0 != "/" }) } : nil
        facts.address = running ?? network.devices[0]?.staticIPv4.map { "\($0.address)" }
        return GuestSnapshot(facts: facts, reference: GuestReference(node: guest.node, vmid: guest.vmid, kind: kind),
                             notes: guest.config["description"] ?? "")
    }

    func desiredSet() throws -> DesiredSetBuilder.Output {
        try DesiredSetBuilder(config: engine.config) { throw Failure(description: "the bench has no encryption key") }.build(guests)
    }

    func plan(_ desired: DesiredSetBuilder.Output, observed: [ObservedConnection], groups: [ObservedGroup],
              state: SyncState) -> Plan {
        Planner.plan(desired: desired.desired, blocked: desired.blocked, observed: observed, groups: groups,
                     availability: desired.availability, state: state, options: options)
    }

    /// Guacamole after applying a first-sync plan: every group and connection created, with JDBC-like identifiers.
    static func applied(_ plan: Plan) -> (connections: [ObservedConnection], groups: [ObservedGroup], created: [ConnectionIdentity: String]) {
        var groupByPath: [GroupPath: String] = [:]
        var groups: [ObservedGroup] = []
        var connections: [ObservedConnection] = []
        var created: [ConnectionIdentity: String] = [:]
        func identifier(_ reference: GroupReference) -> String {
            switch reference {
            case .existing(let identifier): identifier
            case .planned(let path): groupByPath[path] ?? "ROOT"
            }
        }
        for action in plan.actions {
            switch action.operation {
            case .createGroup(let path, let parent):
                let id = String(groups.count + 1)
                groups.append(ObservedGroup(identifier: id, name: path.last ?? "", parentIdentifier: identifier(parent)))
                groupByPath[path] = id
            case .createConnection(let identity, let fields, _, let parent):
                let id = String(connections.count + 1)
                connections.append(ObservedConnection(identifier: id, name: fields.name, parentIdentifier: identifier(parent),
                                                      protocolName: fields.protocolName, parameters: fields.parameters))
                created[identity] = id
            default:
                break
            }
        }
        return (connections, groups, created)
    }

    /// Runs every step `runs` times and prints the median of each (ms), plus fingerprints of the results.
    func run(runs: Int) throws {
        let timings = try measure(runs: runs) { print($0) }
        print("step                          wall median   cpu median   (ms, \(runs) runs)")
        for timing in timings {
            let label = timing.name.padding(toLength: 28, withPad: " ", startingAt: 0)
            print("\(label) \(String(format: "%9.2f", timing.wallMilliseconds))   \(String(format: "%10.2f", timing.cpuMilliseconds))")
        }
    }

    /// Times every step (or only those named in `only`) `runs` times; `report` gets the sizes and fingerprints.
    func measure(runs: Int, only: Set<String>? = nil, report: (String) -> Void = { _ in }) throws -> [Timing] {
        let desired = try desiredSet()
        let first = plan(desired, observed: [], groups: [], state: .empty)
        let guacamole = Self.applied(first)
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let state = SyncState.empty.updated(after: first, createdIdentifiers: guacamole.created, at: date)
        let resync = plan(desired, observed: guacamole.connections, groups: guacamole.groups, state: state)
        try engine.saveState(state)
        guard try engine.loadState() == state else { throw Failure(description: "the state file does not load back equal") }
        report("\(guests.count) guests: \(desired.desired.count) desired, \(desired.blocked.count) blocked; first sync \(first.actions.count) actions, re-sync \(resync.actions.count) actions, \(state.records.count) state records")
        report("fingerprints: first plan \(Self.fingerprint(first.renderText())), re-sync plan \(Self.fingerprint(resync.renderText())), state \(Self.fingerprint("\(state.records.sorted { $0.key < $1.key })"))")

        let bytes = state.stateFileBytes()
        let steps: [(String, () throws -> Void)] = [
            ("desired set (build)", { _ = try desiredSet() }),
            (Self.planFirstSync, { _ = plan(desired, observed: [], groups: [], state: .empty) }),
            (Self.planResync, { _ = plan(desired, observed: guacamole.connections, groups: guacamole.groups, state: state) }),
            ("renderText, first sync", { _ = first.renderText() }),
            ("renderText, re-sync", { _ = resync.renderText() }),
            ("state load (loadState)", { _ = try engine.loadState() }),
            ("state save (saveState)", { try engine.saveState(state) }),
            ("  state decode only", { _ = try SyncState(stateFileBytes: bytes) }),
            ("  state encode only", { _ = state.stateFileBytes() }),
            ("  JSONDecoder, same file", { _ = try JSONDecoder().decode(SyncState.self, from: Data(bytes)) }),
            ("  JSONEncoder, same state", { _ = try Self.foundationEncoder.encode(state) }),
            ("state updated(after:)", { _ = state.updated(after: resync, createdIdentifiers: [:], at: date) }),
        ]
        var timings: [Timing] = []
        for (name, step) in steps where only?.contains(name) ?? true {
            var wall: [Double] = []
            var cpu: [Double] = []
            for _ in 0..<runs {
                let (start, startCPU) = (ContinuousClock.now, Self.threadCPUMilliseconds())
                try step()
                cpu.append(Self.threadCPUMilliseconds() - startCPU)
                wall.append((ContinuousClock.now - start).inSeconds * 1000)
            }
            timings.append(Timing(name: name, wallMilliseconds: median(wall), cpuMilliseconds: median(cpu)))
        }
        return timings
    }

    static let planFirstSync = "plan, first sync"
    static let planResync = "plan, re-sync"

    /// What `saveState` used before the hand-written codec, for comparison.
    static let foundationEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }()

    /// CPU time of this thread: unlike wall time, it does not grow while other builds take the cores.
    static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// FNV-1a of the text, to compare results before and after a change.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
