/// The loggable form of a URL: no user info, no query values that could carry a token, no token in a path.
///
/// Query values are kept only for keys known to be harmless (`type`, `path`, …); a path segment that follows
/// `tokens` (Guacamole's `DELETE /api/tokens/{token}`) is replaced, as is anything after `@` in the authority.
enum RedactedTarget {
    static let placeholder = "<redacted>"
    private static let harmlessQueryKeys: Set<String> = ["type", "path", "permission", "full", "current", "snapshot"]

    static func of(_ url: String) -> String {
        if !needsRedaction(url) { return url }
        let (beforeQuery, query) = split(url, at: "?")
        let (schemeAndRest, _) = split(beforeQuery, at: "#")
        var text = redactPath(withoutUserInfo(schemeAndRest))
        if let query {
            let (queryOnly, _) = split(query, at: "#")
            text += "?" + redactQuery(queryOnly)
        }
        return text
    }

    /// Most URLs have nothing to hide (no query, fragment, user info or token segment): kept as they are,
    /// without the splitting below (it runs for every request).
    private static func needsRedaction(_ url: String) -> Bool {
        url.utf8.contains { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "@") } || url.contains("/tokens/")
    }

    private static func withoutUserInfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(afterScheme[afterScheme.index(after: at)...])
    }

    private static func redactPath(_ url: String) -> String {
        var parts = url.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in parts.indices.dropLast() where parts[index] == "tokens" && !parts[index + 1].isEmpty {
            parts[index + 1] = placeholder
        }
        return parts.joined(separator: "/")
    }

    private static func redactQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let (key, value) = split(String(pair), at: "=")
            guard value != nil else { return key }
            return harmlessQueryKeys.contains(key) ? String(pair) : "\(key)=\(placeholder)"
        }.joined(separator: "&")
    }

    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }
}
