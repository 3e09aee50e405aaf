import Glibc
import ProxGuacCore

/// A failure talking to the local network stack. Every message is one line saying what failed and,
/// where there is one, how to fix it.
public enum NetworkIOError: UserFacingError, Sendable, Hashable {
    /// A system call failed (`call` names it and its subject, `code` is errno).
    case systemCall(String, code: Int32)
    /// Neither a raw ICMP socket nor an unprivileged ICMP datagram socket may be opened.
    case icmpNotPermitted(groupID: UInt32)
    /// The Wake-on-LAN packet could not be sent.
    case wakeSendFailed(broadcast: IPv4Address, port: UInt16, code: Int32)
    /// The Wake-on-LAN destination is not 255.255.255.255 or an on-link broadcast address.
    case wakeDestinationRefused(IPv4Address, reason: String, choices: [String])
    /// The packet would not leave by a real interface (no route, or only loopback).
    case wakeNotLeaving(IPv4Address)
    /// The caller cancelled (Ctrl-C, task cancellation).
    case cancelled

    public var exitCode: Int32 {
        if case .wakeDestinationRefused = self { return ExitStatus.usage }
        return ExitStatus.failure
    }

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
        case .wakeDestinationRefused(let destination, let reason, let choices):
            return "refusing to send the Wake-on-LAN packet to \(destination): \(reason); use one of \(choices.joined(separator: ", ")) (network.wol.broadcast or --broadcast)"
        case .wakeNotLeaving(let destination):
            return "not sending the Wake-on-LAN packet to \(destination): it would not leave by any network interface (no route, or loopback only); set network.wol.broadcast (or --broadcast) to the guest subnet's broadcast address, such as 198.51.100.255"
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
