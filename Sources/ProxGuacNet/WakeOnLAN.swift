import Glibc
import ProxGuacCore

/// Sends Wake-on-LAN magic packets over UDP broadcast.
enum WakeOnLAN {
    /// Blocking: call on a `BlockingExecutor` thread. Returns the bytes sent.
    @discardableResult
    static func send(to mac: MACAddress, broadcast: IPv4Address, port: UInt16) throws(NetworkIOError) -> [UInt8] {
        let socket: SocketHandle
        switch SocketHandle.open(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: Int32(IPPROTO_UDP)) {
        case .success(let handle): socket = handle
        case .failure(let failure): throw .systemCall("socket(UDP)", code: failure.code)
        }
        try socket.setOption(SOL_SOCKET, SO_BROADCAST, 1, call: "setsockopt(SO_BROADCAST)")
        let packet = MagicPacket.bytes(for: mac)
        if let code = socket.send(packet, to: broadcast, port: port) {
            throw .wakeSendFailed(broadcast: broadcast, port: port, code: code)
        }
        return packet
    }
}
