import Glibc
import ProxGuacCore
import ProxGuacNet

/// Every frame a namespace's interfaces send or receive (`AF_PACKET`, `ETH_P_ALL`), opened in whatever
/// namespace the calling thread is in: open it through `BlockingExecutor.run`. Frames queue in the
/// socket until `drain`, so a test captures a whole sweep and reads it afterwards.
final class PacketCapture: Sendable {
    /// What left the watched MAC: ICMP echo requests and ARP requests, by the IPv4 address they target.
    struct Sent: Equatable {
        var echoRequests: [IPv4Address] = []
        var arpRequests: [IPv4Address] = []
    }

    let descriptor: Int32

    init() throws(NetworkIOError) {
        let all = UInt16(0x0003).bigEndian  // ETH_P_ALL
        descriptor = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), Int32(all))
        guard descriptor >= 0 else { throw .systemCall("socket(AF_PACKET)", code: errno) }
        var size: Int32 = 8 << 20
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Reads every queued frame and keeps those whose Ethernet source is `mac`.
    func drain(from mac: MACAddress) -> Sent {
        var sent = Sent()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            let frame = buffer[..<count]
            guard count >= 14, Array(frame[6..<12]) == mac.bytes else { continue }
            let etherType = UInt16(frame[12]) << 8 | UInt16(frame[13])
            if etherType == 0x0800, count >= 34 + 1 {
                let headerLength = Int(frame[14] & 0x0F) * 4
                guard frame[23] == 1, count > 14 + headerLength, frame[14 + headerLength] == 8 else { continue }  // ICMP echo request
                sent.echoRequests.append(IPv4Address(frame[30], frame[31], frame[32], frame[33]))
            } else if etherType == 0x0806, count >= 42, frame[20] == 0, frame[21] == 1 {  // ARP request
                sent.arpRequests.append(IPv4Address(frame[38], frame[39], frame[40], frame[41]))
            }
        }
        return sent
    }
}
