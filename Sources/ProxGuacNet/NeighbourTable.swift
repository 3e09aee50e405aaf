import Glibc
import ProxGuacCore

/// The kernel's IPv4 neighbour table over rtnetlink (`RTM_GETNEIGH` dump): every entry with its state
/// (REACHABLE, STALE, DELAY, FAILED, ...) and how long ago it was confirmed, which `/proc/net/arp` does
/// not say. The netlink socket belongs to the namespace of the calling thread.
enum NeighbourTable {
    /// Blocking: call on a `BlockingExecutor` thread. Entries without a MAC (INCOMPLETE, most FAILED) are left out.
    static func read() throws(NetworkIOError) -> [NeighbourEntry] {
        let socket: SocketHandle
        switch SocketHandle.open(domain: AF_NETLINK, type: Int32(SOCK_RAW.rawValue), protocol: 0 /* NETLINK_ROUTE */) {
        case .success(let handle): socket = handle
        case .failure(let failure): throw .systemCall("socket(AF_NETLINK)", code: failure.code)
        }
        let sequence = UInt32.random(in: 1...UInt32.max)
        let request = NeighbourDump.request(sequence: sequence)
        // An unconnected netlink socket sends to the kernel (port id 0).
        let sent = request.withUnsafeBytes { Glibc.send(socket.descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw .lastError("send RTM_GETNEIGH") }
        var entries: [NeighbourEntry] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket.descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .lastError("recv RTM_GETNEIGH") }
            let part = NeighbourDump.parse(buffer[..<count], sequence: sequence, interfaceName: interfaceName)
            entries += part.entries
            if let code = part.error { throw .systemCall("RTM_GETNEIGH", code: code) }
            if part.done { return entries }
        }
    }

    /// `if_indextoname` in the calling thread's namespace; the index as text when the interface is gone.
    static func interfaceName(_ index: Int32) -> String {
        var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard if_indextoname(UInt32(bitPattern: index), &name) != nil else { return "if\(index)" }
        return String(cString: name)
    }

    /// How many probes the kernel's neighbour table can take in one run: half of `gc_thresh2` (the
    /// point where the kernel starts evicting entries after 5 s), never above `gc_thresh3 / 4`; 256 when
    /// the limits cannot be read (network namespaces other than the first do not show them).
    static func kernelProbeCap() -> Int {
        func value(_ name: String) -> Int? {
            guard let text = try? readWholeFile("/proc/sys/net/ipv4/neigh/default/\(name)") else { return nil }
            return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        }
        guard let soft = value("gc_thresh2"), let hard = value("gc_thresh3"), soft > 0, hard > 0 else { return 256 }
        return max(1, min(soft / 2, hard / 4))
    }

    /// Reads until end of file (files in `/proc` report a size of 0, so the size cannot be trusted).
    static func readWholeFile(_ path: String) throws(NetworkIOError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .lastError("open \(path)") }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .lastError("read \(path)") }
            if count == 0 { break }
            content += chunk[..<count]
        }
        return String(decoding: content, as: UTF8.self)
    }
}

/// The bytes of an `RTM_GETNEIGH` dump: the request, and the parser for the kernel's answer (pure, so
/// it is tested on captured bytes too).
enum NeighbourDump {
    static let newNeighbour: UInt16 = 28   // RTM_NEWNEIGH
    static let getNeighbour: UInt16 = 30   // RTM_GETNEIGH
    static let done: UInt16 = 3            // NLMSG_DONE
    static let error: UInt16 = 2           // NLMSG_ERROR
    static let headerSize = 16             // struct nlmsghdr
    static let ndmsgSize = 12              // struct ndmsg
    static let userHZ = 100                // nda_cacheinfo counts clock ticks (USER_HZ)

    /// nlmsghdr + ndmsg for a dump of the AF_INET table.
    static func request(sequence: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes += le32(UInt32(headerSize + ndmsgSize))
        bytes += le16(getNeighbour)
        bytes += le16(0x0001 | 0x0300)      // NLM_F_REQUEST | NLM_F_DUMP
        bytes += le32(sequence)
        bytes += le32(0)
        bytes += [UInt8(AF_INET), 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        return bytes
    }

    struct Part {
        var entries: [NeighbourEntry] = []
        var done = false
        var error: Int32?
    }

    static func parse(_ bytes: ArraySlice<UInt8>, sequence: UInt32, interfaceName: (Int32) -> String) -> Part {
        var part = Part()
        var offset = bytes.startIndex
        while offset + headerSize <= bytes.endIndex {
            let length = Int(u32(bytes, offset))
            let type = u16(bytes, offset + 4)
            guard length >= headerSize, offset + length <= bytes.endIndex else { break }
            let body = (offset + headerSize)..<(offset + length)
            if u32(bytes, offset + 8) == sequence {
                switch type {
                case done:
                    part.done = true
                case error:
                    let code = body.count >= 4 ? Int32(bitPattern: u32(bytes, body.lowerBound)) : 0
                    if code != 0 { part.error = -code }
                    part.done = true
                case newNeighbour:
                    if let entry = entry(bytes[body], interfaceName: interfaceName) { part.entries.append(entry) }
                default:
                    break
                }
            }
            offset += (length + 3) & ~3
        }
        return part
    }

    /// One RTM_NEWNEIGH body (ndmsg + attributes) as an entry, or `nil` when it has no IPv4 address or no MAC.
    static func entry(_ body: ArraySlice<UInt8>, interfaceName: (Int32) -> String) -> NeighbourEntry? {
        guard body.count >= ndmsgSize, body[body.startIndex] == UInt8(AF_INET) else { return nil }
        let start = body.startIndex
        let interface = Int32(bitPattern: u32(body, start + 4))
        let stateBits = u16(body, start + 8)
        var address: IPv4Address?
        var mac: MACAddress?
        var confirmedTicks: UInt32?
        var offset = start + ndmsgSize
        while offset + 4 <= body.endIndex {
            let length = Int(u16(body, offset))
            let kind = u16(body, offset + 2) & 0x3FFF
            guard length >= 4, offset + length <= body.endIndex else { break }
            let value = body[(offset + 4)..<(offset + length)]
            switch kind {
            case 1 where value.count == 4:   // NDA_DST
                let b = Array(value)
                address = IPv4Address(b[0], b[1], b[2], b[3])
            case 2 where value.count == 6:   // NDA_LLADDR
                mac = MACAddress(bytes: Array(value))
            case 3 where value.count >= 16:  // NDA_CACHEINFO: confirmed, used, updated, refcnt
                confirmedTicks = u32(value, value.startIndex)
            default:
                break
            }
            offset += (length + 3) & ~3
        }
        guard let address, let mac, !mac.isZero else { return nil }
        return NeighbourEntry(
            address: .v4(address), mac: mac, device: interfaceName(interface), state: state(stateBits),
            confirmedAgo: confirmedTicks.map { .milliseconds(Int64($0) * Int64(1000 / userHZ)) })
    }

    static func state(_ bits: UInt16) -> NeighbourState {
        if bits & 0x80 != 0 { return .permanent }
        if bits & 0x02 != 0 { return .reachable }
        if bits & 0x10 != 0 { return .probe }
        if bits & 0x08 != 0 { return .delay }
        if bits & 0x04 != 0 { return .stale }
        if bits & 0x20 != 0 { return .failed }
        if bits & 0x40 != 0 { return .noARP }
        return .incomplete
    }

    private static func u32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private static func u16(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
}
