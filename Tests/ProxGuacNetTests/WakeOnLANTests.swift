import Glibc
import Testing
import ProxGuacCore
@testable import ProxGuacNet

@Suite("Wake-on-LAN in an emulated LAN")
struct WakeOnLANTests {
    @Test("The magic packet reaches a listener on the LAN byte for byte")
    func packetReceived() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let target = try MACAddress("BC:24:11:5E:7A:01")
            let listenerSide = lan.executor(in: lan.hosts[0].namespace)
            let listener = try await listenerSide.run { _ throws(NetworkIOError) in try UDPListener(port: 9) }
            let sent = try await lan.scanner.wake(target, broadcast: IPv4Address(198, 51, 100, 255), port: 9)
            let received = try await listenerSide.run { _ in listener.receive(timeout: .seconds(5)) }
            #expect(received == sent.packet)
            #expect(sent.interface == "eth0")
            #expect(received == [UInt8](repeating: 0xFF, count: 6) + Array([[UInt8]](repeating: [0xBC, 0x24, 0x11, 0x5E, 0x7A, 0x01], count: 16).joined()))
        }
    }

    @Test("The default 255.255.255.255 with no route gives a message naming network.wol.broadcast")
    func noRouteForLimitedBroadcast() async throws {
        try await EmulatedLAN.with(answersPing: []) { lan in
            // The scanner namespace has no default route, like a host whose only route is the guest subnet.
            let mac = try MACAddress("02:50:47:00:00:01")
            let expected = NetworkIOError.wakeSendFailed(broadcast: WakeOnLANTarget().broadcast, port: 9, code: ENETUNREACH)
            await #expect(throws: expected) {
                try await lan.scanner.wake(mac, broadcast: WakeOnLANTarget().broadcast, port: 9)
            }
            #expect(expected.description.contains("set network.wol.broadcast"))
        }
    }
}
