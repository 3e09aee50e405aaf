import Foundation

/// URL-encoded form and query decoding, in the two flavours the emulated servers use.
enum FormDecoding {
    /// pveproxy's `decode_urlencoded`: pairs split on `&` AND `;`, each pair split on every `=`
    /// with only the first two parts kept, `+` as space, then `%XX` decoded and read as UTF-8.
    static func proxmox(_ text: String) -> [(String, String)] {
        text.split(whereSeparator: { $0 == "&" || $0 == ";" }).compactMap { pair in
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard let rawKey = parts.first, !rawKey.isEmpty else { return nil }
            let rawValue = parts.count > 1 ? parts[1] : ""
            return (decodeComponent(String(rawKey)), decodeComponent(String(rawValue)))
        }
    }

    /// Servlet-style decoding (Guacamole/Tomcat): pairs split on `&` only, value is everything after the first `=`.
    static func servlet(_ text: String) -> [(String, String)] {
        text.split(separator: "&").compactMap { pair in
            let key: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                key = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                key = pair
                value = ""
            }
            guard !key.isEmpty else { return nil }
            return (decodeComponent(String(key)), decodeComponent(String(value)))
        }
    }

    /// Last value wins, as with Perl hashes.
    static func dictionary(_ pairs: [(String, String)]) -> [String: String] {
        var map: [String: String] = [:]
        for (key, value) in pairs { map[key] = value }
        return map
    }

    /// `+` as space, `%XX` decoded; invalid escapes are kept literally; bytes read as UTF-8.
    static func decodeComponent(_ text: String) -> String {
        decode(text, plusAsSpace: true)
    }

    private static func decode(_ text: String, plusAsSpace: Bool) -> String {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }
        if !text.utf8.contains(where: special) { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if plusAsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < source.count,
                      let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Percent-decodes a path segment (no `+` handling).
    static func decodePathSegment(_ text: String) -> String {
        decode(text, plusAsSpace: false)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
