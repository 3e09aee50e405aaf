/// `key:"NAME"`: an entry that names an SSH key of the config instead of a password.
///
/// The key only goes into SSH connections, to the address proxguac finds for the guest: `key:` with rdp or vnc,
/// with `host:`, or with a `private-key` / `passphrase` of its own in `ssh_settings` is an error (the entry is
/// blocked and its connections kept). Whether this guest may use the key is decided at sync time against
/// `credentials.sshKeys.NAME.vmids/pools`.
extension EntryBuilder {
    mutating func checkSSHKeyUse(_ name: String, protocols: [GuestProtocol], settings: [GuestProtocol: [GuacamoleParameter]]) {
        guard let key = pair(.sshKey) else { return }
        let others = protocols.filter { $0 != .ssh }
        if !others.isEmpty {
            error(.invalidSSHKey, at: key.range.lowerBound,
                  "key:\"\(shown(name))\" is an SSH key and works only with ssh; this entry also has "
                      + "\(others.map(\.rawValue).joined(separator: ", ")): give those their own entry with a password")
        }
        if let host = pair(.host) {
            error(.invalidSSHKey, at: host.range.lowerBound,
                  "an entry with key: connects only to the address proxguac finds for the guest: remove '\(host.key)' "
                      + "(or use a password)")
        }
        for parameter in settings[.ssh] ?? [] where Self.keyParameters.contains(parameter.name) {
            let settingsKey = pair(.sshSettings)?.key ?? "ssh_settings"
            error(.invalidSSHKey, at: pair(.sshSettings)?.range.lowerBound ?? key.range.lowerBound,
                  "'\(parameter.name)' cannot be set in '\(settingsKey)' of an entry with key:; the key comes from "
                      + "credentials.sshKeys.\(shown(name))")
        }
    }

    static let keyParameters: Set<String> = ["private-key", "passphrase"]
}
