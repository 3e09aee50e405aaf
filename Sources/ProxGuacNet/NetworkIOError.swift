import Glibc
import ProxGuacCore

/// A failure talking to the local network stack. Every message is one line saying what failed and,
/// where there is one, how to fix it.
public enum NetworkIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call failed (`call` names it and its subject, `code` is errno).
    case systemCall(String, code: Int32)
    /// Neither a raw ICMP socket nor an unprivileged ICMP datagram socket may be opened.
    case icmpNotPermitted(groupID: UInt32)
    /// The Wake-on-LAN packet could not be sent.
    case wakeSendFailed(broadcast: IPv4Address, port: UInt16, code: Int32)
    /// The caller cancelled (Ctrl-C, task cancellation).
    case cancelled

    public var description: String {
        switch self {
        case .systemCall(let call, let code):
            return "\(call) failed: \(NetworkIOError.text(code))"
        case .icmpNotPermitted(let groupID):
            return "the ICMP sweep needs permission to send pings: run as root, grant CAP_NET_RAW "
                + "(setcap cap_net_raw=ep on the proxguac binary, or AmbientCapabilities=CAP_NET_RAW in the systemd unit), "
                + "or allow ping sockets for group \(groupID) (sysctl -w net.ipv4.ping_group_range=\"\(groupID) \(groupID)\")"
        case .wakeSendFailed(let broadcast, let port, let code) where code == ENETUNREACH:
            return "cannot send the Wake-on-LAN packet to \(broadcast):\(port): no route to it; "
                + "set network.wol.broadcast (or --broadcast) to the guest subnet's broadcast address, such as 198.51.100.255"
        case .wakeSendFailed(let broadcast, let port, let code):
            return "cannot send the Wake-on-LAN packet to \(broadcast):\(port): \(NetworkIOError.text(code))"
        case .cancelled:
            return "cancelled"
        }
    }

    /// The current errno as a `systemCall` error.
    static func lastError(_ call: String) -> NetworkIOError {
        .systemCall(call, code: errno)
    }

    private static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
