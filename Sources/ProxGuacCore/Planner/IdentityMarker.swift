/// The codec of the marker parameter that makes a managed connection recognisable from Guacamole alone.
///
/// Guacamole silently drops connection *attributes* it does not know, but stores any *parameter*
/// name and value and returns them from `GET /connections/{id}/parameters`. proxguac therefore
/// stores one extra parameter on every connection it creates:
///
///     proxguac-id = v1:pve:<vmid>:<proto>:<percent-encoded username>            (the single unnamed cluster)
///     proxguac-id = v1:pve:<cluster>:<vmid>:<proto>:<percent-encoded username>  (a named cluster)
///     proxguac-id = v1:ext:<percent-encoded name>:<proto>:<percent-encoded username>
///
/// guacd ignores parameters that its protocol does not declare, so the marker never reaches a session.
/// Percent-encoding keeps every byte outside `A-Z a-z 0-9 - . _ ~` as `%XX` (UTF-8), so `:` in a
/// username (or `DOMAIN\user`) cannot break the format.
public enum IdentityMarker {
    /// Name of the Guacamole connection parameter carrying the marker.
    public static let parameterName = "proxguac-id"
    /// Version prefix of the current marker format.
    public static let versionPrefix = "v1:"

    /// The marker value for an identity, e.g. `v1:pve:100:rdp:admin`.
    public static func encode(_ identity: ConnectionIdentity) -> String {
        versionPrefix + key(of: identity)
    }

    /// Reads a marker value back; throws when it is not a marker this version understands.
    public static func decode(_ marker: String) throws(IdentityMarkerError) -> ConnectionIdentity {
        guard marker.hasPrefix(versionPrefix) else {
            throw IdentityMarkerError(text: marker, problem: "it does not start with \"\(versionPrefix)\"")
        }
        return try parseKey(String(marker.dropFirst(versionPrefix.count)))
    }

    /// The canonical key (marker without version), e.g. `pve:100:rdp:admin`.
    static func key(of identity: ConnectionIdentity) -> String {
        let user = PercentEncoding.encode(identity.username)
        switch identity.source {
        case .proxmox(nil, let vmid): return "pve:\(vmid):\(identity.protocolName):\(user)"
        case .proxmox(let cluster?, let vmid): return "pve:\(cluster.text):\(vmid):\(identity.protocolName):\(user)"
        case .external(let name): return "ext:\(PercentEncoding.encode(name)):\(identity.protocolName):\(user)"
        }
    }

    /// Parses a canonical key (`pve:…` or `ext:…`).
    static func parseKey(_ text: String) throws(IdentityMarkerError) -> ConnectionIdentity {
        // ASCII (every valid key): split the bytes, which is the same as splitting the characters, but cheaper.
        var parts = text.utf8.allSatisfy { $0 < 0x80 }
            ? text.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            : text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // A named cluster's guest has one field more: pve:<cluster>:<vmid>:<proto>:<user>.
        var cluster: ClusterName?
        if parts.count == 5, parts[0] == "pve", Int(parts[2]) != nil {
            guard let name = ClusterName(parts[1]) else {
                throw IdentityMarkerError(text: text, problem: "cluster \"\(parts[1])\" is not a cluster name (\(ClusterName.rule))")
            }
            cluster = name
            parts.remove(at: 1)
        }
        guard parts.count == 4 else {
            throw IdentityMarkerError(text: text, problem: "expected 4 fields separated by \":\" (5 for a named cluster's guest), found \(parts.count)")
        }
        let protocolName = parts[2]
        guard !protocolName.isEmpty, protocolName.utf8.allSatisfy(isProtocolByte) else {
            throw IdentityMarkerError(text: text, problem: "protocol \"\(protocolName)\" is not a lower-case protocol name")
        }
        guard let username = PercentEncoding.decode(parts[3]) else {
            throw IdentityMarkerError(text: text, problem: "the username is not valid percent-encoded UTF-8")
        }
        switch parts[0] {
        case "pve":
            guard let vmid = Int(parts[1]), vmid > 0, String(vmid) == parts[1] else {
                throw IdentityMarkerError(text: text, problem: "vmid \"\(parts[1])\" is not a positive number")
            }
            return .proxmox(cluster: cluster, vmid: vmid, protocolName: protocolName, username: username)
        case "ext":
            guard let name = PercentEncoding.decode(parts[1]), !name.isEmpty else {
                throw IdentityMarkerError(text: text, problem: "the external host name is empty or badly encoded")
            }
            return .external(name: name, protocolName: protocolName, username: username)
        default:
            throw IdentityMarkerError(text: text, problem: "source \"\(parts[0])\" is neither \"pve\" nor \"ext\"")
        }
    }

    private static func isProtocolByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }
}

/// A marker parameter that could not be read. The connection is then identified by the fallbacks
/// (state file, then its place in the group structure).
public struct IdentityMarkerError: UserFacingError, Sendable, Equatable {
    /// The offending marker text (markers never contain secrets).
    public let text: String
    public let problem: String

    public var exitCode: Int32 { ExitStatus.failure }

    public var description: String {
        "connection marker \"\(text)\" is not valid: \(problem); remove the \(IdentityMarker.parameterName) parameter or let proxguac rewrite it with --push"
    }
}

/// RFC 3986 percent-encoding of everything but unreserved characters, over UTF-8.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` sequences; nil when a sequence is broken or the bytes are not UTF-8,
    /// or when a character that must be encoded appears raw.
    static func decode(_ text: String) -> String? {
        if text.utf8.allSatisfy(isUnreserved) { return text }  // nothing encoded
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
