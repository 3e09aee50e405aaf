/// How config values appear in error messages when they may hold a secret: a URL without its query
/// string or fragment, a token id without what follows `=` or the token name, a key name without a
/// pasted `=value`. (A pasted `tokenId=SECRET` or `https://host/?ticket=…` must not reach the logs.)
enum ConfigValueDisplay {
    /// `"https://pve:8006/?…"`: the part before `?` or `#`, quoted.
    static func url(_ raw: String) -> String {
        guard let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return "\"\(raw)\"" }
        return "\"\(raw[..<cut])\(raw[cut])…\""
    }

    /// A token id that failed to parse: only the `user@realm` part when it has a `!`, else nothing of it
    /// (it may be a pasted secret).
    static func tokenID(_ raw: String) -> String {
        if let bang = raw.firstIndex(of: "!"), !raw[..<bang].contains("=") { return "\"\(raw[...bang])…\"" }
        return "the value"
    }

    /// A key name as written, unless it holds `=` or `:` (a pasted `key=value`): then the part before it and `=…`.
    static func key(_ raw: String) -> String {
        guard let cut = raw.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return raw }
        return "\(raw[..<cut])\(raw[cut])…"
    }
}
