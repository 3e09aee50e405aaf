import Foundation
import Glibc
import ProxGuacCore
import ProxGuacSync

/// Edits the config file as JSON (member order kept, re-indented) and writes it atomically with its
/// previous permission bits. The new text is parsed as a config before anything is written, so a
/// change that would break the config is refused and the file stays byte-identical.
struct ConfigFileEditor {
    let path: String
    var loader = ConfigLoader()

    /// The current file: its text and its permission bits.
    func read() throws(CommandFailure) -> (root: [JSONMember], mode: mode_t) {
        let bytes: [UInt8]?
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard let bytes else { throw CommandFailure("\(path): not found; pass --config FILE") }
        let root: JSONValue
        do {
            root = try JSONParser.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CommandFailure.usage("\(path): not valid JSON (\(error)); fix it first (`proxguac config check`)")
        }
        guard case .object(let members) = root else {
            throw CommandFailure.usage("\(path): the config must be a JSON object; fix it first (`proxguac config check`)")
        }
        var info = stat()
        let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o600
        return (members, mode)
    }

    /// `root` with `entry` appended to the `external` list (created when missing).
    static func appendingExternal(_ entry: JSONValue, to root: [JSONMember]) -> [JSONMember] {
        var members = root
        if let index = members.firstIndex(where: { $0.key == "external" }), case .array(let items) = members[index].value {
            members[index].value = .array(items + [entry])
        } else {
            members.append(JSONMember("external", .array([entry])))
        }
        return members
    }

    /// `root` without the `external` entry named `name`; nil when there is none.
    static func removingExternal(named name: String, from root: [JSONMember]) -> [JSONMember]? {
        guard let index = root.firstIndex(where: { $0.key == "external" }), case .array(let items) = root[index].value else { return nil }
        let kept = items.filter { item in
            guard case .object(let members) = item else { return true }
            return !members.contains { $0.key == "name" && $0.value == .string(name) }
        }
        guard kept.count < items.count else { return nil }
        var members = root
        members[index].value = .array(kept)
        return members
    }

    /// Checks that `root` is a valid config and returns it parsed (nothing is written).
    func check(_ root: [JSONMember]) throws(ConfigError) -> LoadedConfig {
        try loader.parse(ConfigFileContents(text: JSONWriter.pretty(.object(root)), isReadableByOthers: false), path: path)
    }

    /// Writes `root` atomically with `mode` (0600 for a config holding secrets). A symlinked config
    /// (e.g. into a config-management checkout) is written through: the link stays, the file it points to
    /// is replaced atomically in its own directory, keeping its owner and group.
    func write(_ root: [JSONMember], mode: mode_t) throws(LocalFileError) {
        let target = ConfigFileTarget(path)
        try AtomicFile.write(Array(JSONWriter.pretty(.object(root)).utf8), to: target.path, mode: mode, owner: target.owner)
    }
}
