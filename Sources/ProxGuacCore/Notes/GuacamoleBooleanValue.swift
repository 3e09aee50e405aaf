/// Normalises the yes/no values people write in `*_settings` to the `true`/`false` guacd reads.
///
/// guacd treats anything but `true` as false, so `enable-wallpaper=1` silently meant "off"; the original
/// Python tool wrote `true`. Only parameters guacd documents as booleans are touched, so `autoretry=1` stays `1`.
enum GuacamoleBooleanValue {
    /// `1/yes/on/true` → `true`, `0/no/off/false` → `false` (any case); nil for anything else.
    static func normalised(_ value: String) -> String? {
        switch value.lowercased() {
        case "1", "yes", "on", "true": "true"
        case "0", "no", "off", "false": "false"
        default: nil
        }
    }

    /// Whether guacd reads `name` as a boolean parameter.
    static func isBooleanParameter(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered.hasPrefix("enable-") || lowered.hasPrefix("disable-") { return true }
        return booleanNames.contains(lowered)
    }

    /// The value to push for `name=value`: normalised when `name` is a boolean and `value` a known spelling.
    static func pushed(name: String, value: String) -> String {
        guard isBooleanParameter(name), let normalised = normalised(value) else { return value }
        return normalised
    }

    /// guacd boolean parameters that do not start with `enable-`/`disable-`.
    private static let booleanNames: Set<String> = [
        "ignore-cert", "read-only", "swap-red-blue", "console", "console-audio", "force-lossless",
        "create-drive-path", "create-recording-path", "recording-exclude-output", "recording-exclude-mouse",
        "recording-exclude-touch", "recording-include-keys", "sftp-disable-download", "sftp-disable-upload",
        "wol-send-packet", "server-layout-is-unicode", "reverse-connect", "clipboard-encoding-is-utf8",
    ]
}
