/// What Proxmox VE accepts as a guest's notes (`description`) and what it gives back.
///
/// Traps (see the PVE API reference, §1 and §5.2):
/// - at most 8192 characters (Unicode scalars after decoding), else `400 value may only be 8192 characters long`;
/// - servers before libpve-common-perl 8.2.2 store `%` unencoded but decode `%XX` on read, so `%41` comes back as `A`;
/// - the form-encoded request body is limited to 64 KiB before libpve-http-server-perl 5.2.1 (512 KiB since);
/// - QEMU strips trailing white space on read; LXC ends every line with `\n`; trailing empty lines are lost.
/// The form encoding itself (`;`, `=`, `+`, `&`, `%` must be percent-encoded) is the HTTP client's job.
public enum ProxmoxDescription {
    public static let maximumCharacters = 8192

    /// The behaviours of a Proxmox server that matter for notes.
    public struct Server: Sendable, Hashable {
        /// True before libpve-common-perl 8.2.2 (all of PVE 7, PVE 8.0 to 8.2).
        public var decodesPercentEscapesOnRead: Bool
        /// 65536 before libpve-http-server-perl 5.2.1, 524288 since.
        public var maximumRequestBodyBytes: Int

        public init(decodesPercentEscapesOnRead: Bool, maximumRequestBodyBytes: Int) {
            self.decodesPercentEscapesOnRead = decodesPercentEscapesOnRead
            self.maximumRequestBodyBytes = maximumRequestBodyBytes
        }

        /// Current PVE 8 and 9 with updates applied.
        public static let current = Server(decodesPercentEscapesOnRead: false, maximumRequestBodyBytes: 512 * 1024)
        /// The oldest behaviour in every respect: safe whatever the server is.
        public static let conservative = Server(decodesPercentEscapesOnRead: true, maximumRequestBodyBytes: 64 * 1024)
    }

    /// The kind of guest the notes belong to (their round trips differ).
    public enum GuestKind: String, Sendable, Hashable, Codable {
        case qemu, lxc
    }

    /// Room kept in the request body for `description=` and `&digest=<40 hex>`.
    static let requestOverheadBytes = 64

    /// Checks that `text` can be written as a guest's notes and read back unchanged (apart from
    /// trailing white space, see ``expectedReadBack(of:kind:server:)``).
    public static func validate(_ text: String, for server: Server = .conservative) throws(ProxmoxDescriptionError) {
        let characters = text.unicodeScalars.count
        if characters > maximumCharacters {
            throw .tooLong(characters: characters)
        }
        let bodyBytes = formEncodedLength(text) + requestOverheadBytes
        if bodyBytes > server.maximumRequestBodyBytes {
            throw .requestTooLarge(bytes: bodyBytes, limit: server.maximumRequestBodyBytes)
        }
        if server.decodesPercentEscapesOnRead, let position = firstPercentEscape(in: text) {
            throw .percentEscape(at: position)
        }
    }

    /// What a GET returns after a PUT of `text`.
    public static func expectedReadBack(of text: String, kind: GuestKind, server: Server = .current) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        if server.decodesPercentEscapesOnRead { lines = lines.map(decodingPercentEscapes) }
        switch kind {
        case .lxc:
            return lines.map { $0 + "\n" }.joined()
        case .qemu:
            let joined = lines.joined(separator: "\n")
            guard let last = joined.unicodeScalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
            return String(String.UnicodeScalarView(joined.unicodeScalars[...last]))
        }
    }

    /// Bytes of `text` in an `application/x-www-form-urlencoded` body where every byte outside
    /// `A-Z a-z 0-9 - . _ ~` is percent-encoded.
    static func formEncodedLength(_ text: String) -> Int {
        text.utf8.reduce(0) { total, byte in
            let unreserved = byte.isASCIILetter || byte.isASCIIDigit || "-._~".utf8.contains(byte)
            return total + (unreserved ? 1 : 3)
        }
    }

    private static func firstPercentEscape(in text: String) -> SourcePosition? {
        let bytes = Array(text.utf8)
        guard let offset = bytes.indices.first(where: { isPercentEscape(bytes, at: $0) }) else { return nil }
        return LineTable(bytes).position(offset)
    }

    private static func isPercentEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == UInt8(ascii: "%")
            && bytes[index + 1].hexValue != nil && bytes[index + 2].hexValue != nil
    }

    private static func decodingPercentEscapes(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if isPercentEscape(bytes, at: index), let high = bytes[index + 1].hexValue, let low = bytes[index + 2].hexValue {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

/// Why Proxmox would refuse or alter notes.
public enum ProxmoxDescriptionError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLong(characters: Int)
    case requestTooLarge(bytes: Int, limit: Int)
    /// A `%` followed by two hex digits (the sequence itself is not echoed: it may be part of a password).
    case percentEscape(at: SourcePosition)

    public var description: String {
        switch self {
        case let .tooLong(characters):
            "the notes are \(characters) characters long but Proxmox accepts at most "
                + "\(ProxmoxDescription.maximumCharacters): shorten them"
        case let .requestTooLarge(bytes, limit):
            "the notes need \(bytes) bytes once encoded but this Proxmox server accepts requests of at most "
                + "\(limit) bytes: shorten them or use fewer non-ASCII characters"
        case let .percentEscape(position):
            "the '%' and two hex digits at \(position) would come back decoded from Proxmox servers before "
                + "libpve-common-perl 8.2.2: write the '%' differently or update the server"
        }
    }
}

extension UInt8 {
    var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x41...0x46: self - 0x41 + 10
        case 0x61...0x66: self - 0x61 + 10
        default: nil
        }
    }
}
