/// ICMP echo request/reply bytes (RFC 792), built and read without any I/O.
public enum ICMPEcho {
    public static let requestType: UInt8 = 8
    public static let replyType: UInt8 = 0

    /// An echo request: type 8, code 0, checksum, identifier, sequence, payload.
    public static func request(identifier: UInt16, sequence: UInt16, payload: [UInt8]) -> [UInt8] {
        var packet: [UInt8] = [requestType, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += payload
        let checksum = internetChecksum(packet)
        packet[2] = UInt8(checksum >> 8)
        packet[3] = UInt8(checksum & 0xFF)
        return packet
    }

    /// A parsed echo reply.
    public struct Reply: Sendable, Hashable {
        public var identifier: UInt16
        public var sequence: UInt16
        public var payload: [UInt8]
    }

    /// Reads an echo reply. `packet` starts with the IPv4 header when it came from a raw socket
    /// (`includesIPHeader`), or with the ICMP header from a datagram ("ping") socket. Anything else
    /// (other ICMP types, truncated or corrupt packets) gives `nil`.
    public static func reply(from packet: [UInt8], includesIPHeader: Bool) -> Reply? {
        var start = 0
        if includesIPHeader {
            guard let first = packet.first, first >> 4 == 4 else { return nil }
            start = Int(first & 0x0F) * 4
        }
        guard packet.count >= start + 8 else { return nil }
        let icmp = Array(packet[start...])
        guard icmp[0] == replyType, icmp[1] == 0 else { return nil }
        return Reply(
            identifier: UInt16(icmp[4]) << 8 | UInt16(icmp[5]),
            sequence: UInt16(icmp[6]) << 8 | UInt16(icmp[7]),
            payload: Array(icmp[8...])
        )
    }

    /// The 16-bit one's complement of the one's complement sum (RFC 1071).
    public static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
