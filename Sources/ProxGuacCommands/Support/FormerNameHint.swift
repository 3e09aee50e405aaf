import ProxGuacCore
import ProxGuacSync

/// The hint `auto` and `list` print, one line per cluster, while encrypted passwords in its guests' notes are still
/// bound to one of its former names (`previousNames`): they open, but only as long as that name stays listed.
/// `auto` itself never rewrites notes for it (its token may lack `VM.Config.Options`); `rekey` or
/// `auto --encrypt-notes` re-bind them.
enum FormerNameHint {
    static func lines(for run: SyncRun) -> [String] {
        run.boundToFormerNames.sorted { $0.key < $1.key }.compactMap { cluster, byName in
            let count = byName.values.reduce(0, +)
            guard count > 0 else { return nil }
            let names = byName.keys.sorted().map { "\"\($0.text)\"" }
            let its = names.count == 1 ? "its old name \(names[0])" : "its old names \(names.joined(separator: ", "))"
            let removing = names.count == 1 ? names[0] : "them"
            return "cluster \(cluster.text): \(count) encrypted password\(count == 1 ? " is" : "s are") still bound to \(its): "
                + "run `proxguac rekey` or `auto --encrypt-notes` to re-bind \(count == 1 ? "it" : "them") before removing \(removing) from previousNames"
        }
    }
}
