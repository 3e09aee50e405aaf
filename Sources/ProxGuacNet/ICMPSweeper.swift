import Glibc
import ProxGuacCore

/// Which kind of ICMP socket a sweep uses.
public enum ICMPSocketKind: String, Sendable, Hashable, Codable {
    /// `SOCK_RAW`: needs root or CAP_NET_RAW.
    case raw
    /// `SOCK_DGRAM` + `IPPROTO_ICMP` ("ping socket"): needs the group in `net.ipv4.ping_group_range`.
    case datagram
}

/// What a sweep saw.
public struct SweepOutcome: Sendable, Hashable {
    /// Addresses that answered an echo request, ascending.
    public var responders: [IPv4Address]
    /// How many probes were sent.
    public var probesSent: Int
    /// Probes the kernel refused, and the first reason (for example "Network is unreachable").
    public var probesRefused: Int
    public var firstRefusal: String?
    public var socketKind: ICMPSocketKind
}

/// Pings many addresses at once from one socket: probes go out paced by a rate cap while replies are
/// read, and the sweep ends `timeout` after the last probe (or as soon as every target answered). A /24
/// therefore takes about `254 / rate + timeout`, not `254 × timeout`.
struct ICMPSweeper {
    let socket: SocketHandle
    let kind: ICMPSocketKind
    private let identifier = UInt16.random(in: 1...UInt16.max)
    private let nonce = (0..<8).map { _ in UInt8.random(in: 0...255) }

    /// Opens the socket in the calling thread's network namespace. `nil` preference tries raw, then datagram.
    static func open(_ preference: ICMPSocketKind?) throws(NetworkIOError) -> ICMPSweeper {
        let kinds = preference.map { [$0] } ?? [.raw, .datagram]
        for kind in kinds {
            let type = kind == .raw ? SOCK_RAW : SOCK_DGRAM
            switch SocketHandle.open(domain: AF_INET, type: Int32(type.rawValue), protocol: Int32(IPPROTO_ICMP)) {
            case .success(let socket):
                let sweeper = ICMPSweeper(socket: socket, kind: kind)
                try sweeper.configure()
                return sweeper
            case .failure(let failure) where failure.code == EPERM || failure.code == EACCES:
                continue
            case .failure(let failure):
                throw .systemCall("socket(ICMP, \(kind.rawValue))", code: failure.code)
            }
        }
        throw .icmpNotPermitted(groupID: getgid())
    }

    private func configure() throws(NetworkIOError) {
        try socket.setNonBlocking()
        // Room for a burst of replies; a smaller buffer only means the kernel caps it.
        try? socket.setOption(SOL_SOCKET, SO_RCVBUF, 1 << 20, call: "setsockopt(SO_RCVBUF)")
        if kind == .raw {
            // ICMP_FILTER (SOL_RAW 255, option 1): deliver only echo replies (type 0) to this socket.
            try? socket.setOption(255, 1, Int32(bitPattern: ~UInt32(1)), call: "setsockopt(ICMP_FILTER)")
        }
    }

    /// Blocking: call on a `BlockingExecutor` thread.
    func sweep(_ targets: [IPv4Address], rate: Int, timeout: Duration, cancellation: CancellationFlag) throws(NetworkIOError) -> SweepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.seconds(1) / max(rate, 1)
        let wanted = Set(targets)
        var responders = Set<IPv4Address>()
        var sent = 0
        var refused = 0
        var firstRefusal: String?
        var blockedUntilWritable = false
        var deadline: ContinuousClock.Instant? = targets.isEmpty ? start : nil

        while true {
            guard !cancellation.isCancelled else { throw .cancelled }
            // Send every probe that is due under the rate cap.
            let due = min(targets.count, Int((clock.now - start) / interval) + 1)
            blockedUntilWritable = false
            while sent < due {
                let probe = ICMPEcho.request(identifier: identifier, sequence: UInt16(truncatingIfNeeded: sent), payload: nonce)
                if let code = socket.send(probe, to: targets[sent]) {
                    if code == EAGAIN || code == ENOBUFS || code == EINTR {
                        blockedUntilWritable = true
                        break
                    }
                    refused += 1
                    firstRefusal = firstRefusal ?? String(cString: strerror(code))
                }
                sent += 1
            }
            if sent == targets.count, deadline == nil { deadline = clock.now + timeout }

            try drainReplies(wanted: wanted, into: &responders)
            if responders.count == wanted.count { break }
            let now = clock.now
            if let deadline, now >= deadline { break }
            let nextEvent = deadline ?? (start + interval * (sent + 1))
            socket.wait(writable: blockedUntilWritable, timeout: min(max(nextEvent - now, .zero), .milliseconds(50)))
        }
        return SweepOutcome(
            responders: responders.sorted(), probesSent: sent - refused, probesRefused: refused,
            firstRefusal: firstRefusal, socketKind: kind
        )
    }

    /// Reads every waiting packet and records the targets that answered our own probes.
    private func drainReplies(wanted: Set<IPv4Address>, into responders: inout Set<IPv4Address>) throws(NetworkIOError) {
        while let (packet, source) = try socket.receive() {
            guard wanted.contains(source),
                  let reply = ICMPEcho.reply(from: packet, includesIPHeader: kind == .raw),
                  reply.payload.starts(with: nonce),
                  kind == .datagram || reply.identifier == identifier  // the kernel rewrites it on ping sockets
            else { continue }
            responders.insert(source)
        }
    }
}
