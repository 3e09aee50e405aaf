import Glibc
import ProxGuacCore

/// Where a magic packet went: the interface it left by.
public struct WakeDelivery: Sendable, Hashable {
    public var packet: [UInt8]
    public var destination: IPv4Address
    public var port: UInt16
    public var interface: String
}

/// Sends Wake-on-LAN magic packets over UDP broadcast, only to 255.255.255.255 or the broadcast address
/// of a subnet this machine is on, and only when the packet leaves by a real (non-loopback) interface.
enum WakeOnLAN {
    /// Which interface a packet to `destination` would leave by, or why it may not be sent at all. Pure.
    static func route(to destination: IPv4Address, addresses: [LocalIPv4Address]) -> Result<String?, NetworkIOError> {
        let onLink = addresses.filter { $0.isUp && !$0.isLoopback && $0.prefixLength < 31 }
        if destination.value == .max { return .success(nil) }  // the kernel's route decides; checked after connect
        if let local = onLink.first(where: { $0.subnet.broadcast == destination }) { return .success(local.interface) }
        let known = onLink.map { "\($0.subnet.broadcast) (\($0.interface))" }
        let reason = destination.isUnspecified ? "0.0.0.0 is not a destination"
            : destination.isLoopback ? "a loopback address never reaches another machine"
            : destination.isMulticastOrBroadcast ? "a multicast address is not a Wake-on-LAN destination"
            : "it is not the broadcast address of a subnet this machine is on"
        return .failure(.wakeDestinationRefused(destination, reason: reason,
                                                choices: ["255.255.255.255"] + known))
    }

    /// Blocking: call on a `BlockingExecutor` thread.
    static func send(to mac: MACAddress, broadcast: IPv4Address, port: UInt16) throws(NetworkIOError) -> WakeDelivery {
        let addresses = try LocalInterfaces.ipv4Addresses()
        let bound = try route(to: broadcast, addresses: addresses).get()
        let socket: SocketHandle
        switch SocketHandle.open(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue), protocol: Int32(IPPROTO_UDP)) {
        case .success(let handle): socket = handle
        case .failure(let failure): throw .systemCall("socket(UDP)", code: failure.code)
        }
        try socket.setOption(SOL_SOCKET, SO_BROADCAST, 1, call: "setsockopt(SO_BROADCAST)")
        if let bound { try socket.bind(toDevice: bound) }
        // connect() makes the kernel pick the route now; the source address it chose names the interface.
        if let code = socket.connect(to: broadcast, port: port) {
            throw .wakeSendFailed(broadcast: broadcast, port: port, code: code)
        }
        guard let source = socket.localIPv4Address(),
              let leaving = addresses.first(where: { $0.address == source && $0.isUp }), !leaving.isLoopback else {
            throw .wakeNotLeaving(broadcast)
        }
        let packet = MagicPacket.bytes(for: mac)
        if let code = socket.send(packet, to: broadcast, port: port) {
            throw .wakeSendFailed(broadcast: broadcast, port: port, code: code)
        }
        return WakeDelivery(packet: packet, destination: broadcast, port: port, interface: bound ?? leaving.interface)
    }
}

extension SocketHandle {
    /// `SO_BINDTODEVICE`: packets leave by this interface only.
    func bind(toDevice name: String) throws(NetworkIOError) {
        let bytes = Array(name.utf8CString)
        let result = bytes.withUnsafeBytes { setsockopt(descriptor, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count)) }
        guard result == 0 else { throw .lastError("setsockopt(SO_BINDTODEVICE \(name))") }
    }

    /// `connect` to an IPv4 address; returns errno on failure.
    func connect(to address: IPv4Address, port: UInt16) -> Int32? {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        target.sin_addr.s_addr = address.value.bigEndian
        let result = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? nil : errno
    }

    /// The local address the socket is bound to (after `connect`, the source the route chose).
    func localIPv4Address() -> IPv4Address? {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0, local.sin_family == sa_family_t(AF_INET) else { return nil }
        let address = IPv4Address(UInt32(bigEndian: local.sin_addr.s_addr))
        return address.isUnspecified ? nil : address
    }
}
