/// One resolved entry of the machine's ARP/neighbour table.
public struct NeighbourEntry: Sendable, Hashable {
    public var address: IPAddress
    public var mac: MACAddress
    public var device: String

    public init(address: IPAddress, mac: MACAddress, device: String) {
        self.address = address
        self.mac = mac
        self.device = device
    }
}

/// Parses Linux `/proc/net/arp`:
///
///     IP address       HW type     Flags       HW address            Mask     Device
///     198.51.100.10    0x1         0x2         02:00:5e:00:00:0a     *        eth0
///
/// Only complete entries count (`Flags` has `ATF_COM`, 0x2); incomplete ones (0x0, MAC all zeros) are
/// hosts that did not answer ARP.
public enum ProcNetARP {
    static let completeFlag = 0x2

    public static func parse(_ text: String) -> [NeighbourEntry] {
        text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let columns = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard columns.count >= 6,
                  let address = IPv4Address(parsing: columns[0]),
                  let flags = Int(columns[2].dropFirst(2), radix: 16), columns[2].hasPrefix("0x"),
                  flags & completeFlag != 0,
                  let mac = try? MACAddress(String(columns[3])), !mac.isZero
            else { return nil }
            return NeighbourEntry(address: .v4(address), mac: mac, device: String(columns[5]))
        }
    }
}
