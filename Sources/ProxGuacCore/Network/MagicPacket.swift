/// The Wake-on-LAN magic packet: 6 × 0xFF, then the MAC 16 times (102 bytes).
public enum MagicPacket {
    public static func bytes(for mac: MACAddress) -> [UInt8] {
        [UInt8](repeating: 0xFF, count: 6) + Array([[UInt8]](repeating: mac.bytes, count: 16).joined())
    }
}
