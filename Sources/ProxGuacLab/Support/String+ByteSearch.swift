extension String {
    /// The first occurrence of `needle` at or after `start`, compared byte by byte (header tokens such as
    /// `PVEAPIToken` are ASCII; this avoids Foundation's and the generic searchers' per-call overhead).
    func byteRange(of needle: String, from start: String.Index? = nil) -> Range<String.Index>? {
        let target = Array(needle.utf8)
        guard let first = target.first else { return nil }
        let bytes = utf8
        var searchStart = start ?? bytes.startIndex
        while let hit = bytes[searchStart...].firstIndex(of: first) {
            var end = hit
            var matched = true
            for byte in target {
                guard end < bytes.endIndex, bytes[end] == byte else {
                    matched = false
                    break
                }
                end = bytes.index(after: end)
            }
            if matched { return hit..<end }
            searchStart = bytes.index(after: hit)
        }
        return nil
    }
}
