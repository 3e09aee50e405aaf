import ArgumentParser
import ProxGuacCore

/// Guests named on the command line (`--vmid`, `delete --guest`): `101`, or `lab/101` for a named cluster's guest.
/// A plain VM id names the one guest that has it; when several clusters have a guest with that id it is
/// ambiguous and refused (exit 2) with one line naming each (`lab/101`, `prod/101`).
struct GuestSelection: Sendable, Hashable {
    /// As written: the cluster is nil for a plain VM id.
    var written: [GuestKey]

    /// Nil when `values` is empty; a value that is neither `N` nor `cluster/N` is a usage error naming it.
    static func parse(_ values: [String], option: String) throws(ValidationError) -> GuestSelection? {
        guard !values.isEmpty else { return nil }
        var keys: [GuestKey] = []
        for part in values.flatMap({ $0.split(separator: ",") }) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let key = GuestKey(text) else {
                throw ValidationError("\(option) '\(text)' is not a guest: give VM ids, or cluster/VM id for a named cluster, separated by commas, e.g. \(option) 100,lab/101")
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return GuestSelection(written: keys)
    }

    /// The guests meant, among `known` (every guest the run knows of): `lab/101` as written, a plain `101` the
    /// one guest of that id in any cluster. A selector that matches nothing stays as written (the caller reports it).
    /// - Throws: a usage error (exit 2) for a plain id that two clusters have.
    func resolve(among known: Set<GuestKey>, option: String) throws(CommandFailure) -> Set<GuestKey> {
        var byVMID: [Int: [GuestKey]] = [:]
        for key in known { byVMID[key.vmid, default: []].append(key) }
        var result: Set<GuestKey> = []
        for key in written {
            guard key.cluster == nil, let candidates = byVMID[key.vmid], !candidates.contains(key) else {
                result.insert(key)
                continue
            }
            guard candidates.count == 1 else {
                let names = candidates.sorted().map(\.description)
                throw .usage("\(option) \(key.vmid) names guests in several clusters (\(names.joined(separator: " and "))): write one of them, e.g. \(option) \(names[0])")
            }
            result.insert(candidates[0])
        }
        return result
    }
}
