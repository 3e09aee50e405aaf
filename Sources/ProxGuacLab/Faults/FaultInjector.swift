import Foundation
import Synchronization

/// Decides, per request, which configured fault (if any) to inject; thread-safe.
final class FaultInjector: Sendable {
    private struct State {
        var faults: LabFaults
        var random: SeededRandom
        var fired: [Int: Int] = [:]
        var racedVMIDs: Set<Int> = []
    }

    private let state: LabLock<State>

    init(_ faults: LabFaults) {
        state = LabLock(State(faults: faults, random: SeededRandom(seed: faults.seed)))
    }

    var current: LabFaults { state.withLock { $0.faults } }

    /// Replaces the faults and restarts the random sequence from their seed.
    func replace(_ faults: LabFaults) {
        state.withLock { $0 = State(faults: faults, random: SeededRandom(seed: faults.seed)) }
    }

    /// The fault for this request, consuming one random draw per matching rule.
    func fault(server: LabServer, method: String, path: String) -> LabFaultKind? {
        state.withLock { state in
            for (index, rule) in state.faults.rules.enumerated() {
                guard rule.server == nil || rule.server == server,
                      rule.method == nil || rule.method?.uppercased() == method,
                      Glob.matches(rule.path, path)
                else { continue }
                if let limit = rule.limit, state.fired[index, default: 0] >= limit { continue }
                let draw = state.random.unit()
                if draw < rule.rate {
                    state.fired[index, default: 0] += 1
                    return rule.kind
                }
            }
            return nil
        }
    }

    /// True once per armed vmid: the caller should now change that guest's notes.
    func takeDigestRace(vmid: Int) -> Bool {
        state.withLock { state in
            guard state.faults.digestRaceVMIDs.contains(vmid), !state.racedVMIDs.contains(vmid) else { return false }
            state.racedVMIDs.insert(vmid)
            return true
        }
    }
}

/// `*` matches any run of characters (including `/`); everything else matches literally.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = text.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = parts[parts.count - 1]
        return last.isEmpty || rest.hasSuffix(last)
    }
}
