/// The network devices of one guest as its Proxmox config describes them (reference §5.5):
/// QEMU `netN` + cloud-init `ipconfigN`, or LXC `netN` with `hwaddr`/`ip`/`ip6`.
public struct GuestNetworkConfig: Sendable, Hashable {
    /// One `netN` device.
    public struct Device: Sendable, Hashable {
        public var index: Int
        public var mac: MACAddress?
        /// A configured static address (`ip=198.51.100.7/24`), never `dhcp`/`manual`/`auto`.
        public var staticIPv4: PrefixedAddress?
        public var staticIPv6: PrefixedAddress?

        public init(index: Int, mac: MACAddress? = nil, staticIPv4: PrefixedAddress? = nil, staticIPv6: PrefixedAddress? = nil) {
            self.index = index
            self.mac = mac
            self.staticIPv4 = staticIPv4
            self.staticIPv6 = staticIPv6
        }
    }

    /// Devices by their `N`.
    public var devices: [Int: Device]

    public init(devices: [Int: Device]) {
        self.devices = devices
    }

    /// Reads `netN` (and for QEMU `ipconfigN`) from a guest config's string values. Other keys are ignored;
    /// a device whose line cannot be understood keeps only what could be read.
    public init(config: [String: String], kind: GuestReference.Kind) {
        var devices: [Int: Device] = [:]
        for (key, value) in config {
            if let index = GuestNetworkConfig.index(of: key, prefix: "net") {
                let options = PropertyString(value)
                var device = devices[index] ?? Device(index: index)
                switch kind {
                case .qemu:
                    device.mac = options.qemuMAC
                case .lxc:
                    device.mac = options["hwaddr"].flatMap { try? MACAddress($0) }
                    device.staticIPv4 = options["ip"].flatMap(GuestNetworkConfig.staticAddress)
                    device.staticIPv6 = options["ip6"].flatMap(GuestNetworkConfig.staticAddress)
                }
                devices[index] = device
            } else if kind == .qemu, let index = GuestNetworkConfig.index(of: key, prefix: "ipconfig") {
                let options = PropertyString(value)
                var device = devices[index] ?? Device(index: index)
                device.staticIPv4 = options["ip"].flatMap(GuestNetworkConfig.staticAddress)
                device.staticIPv6 = options["ip6"].flatMap(GuestNetworkConfig.staticAddress)
                devices[index] = device
            }
        }
        self.devices = devices
    }

    /// The device with this MAC, if any.
    public func device(withMAC mac: MACAddress) -> Device? {
        devices.values.sorted { $0.index < $1.index }.first { $0.mac == mac }
    }

    /// `net0`...`net31` / `ipconfig0`...`ipconfig31` → N.
    private static func index(of key: String, prefix: String) -> Int? {
        guard key.hasPrefix(prefix), let number = NetworkText.decimal(key.dropFirst(prefix.count), maxDigits: 2), number < 32 else {
            return nil
        }
        return number
    }

    /// A static `ADDRESS/PREFIX`; `dhcp`, `manual`, `auto` and anything unreadable give `nil`.
    private static func staticAddress(_ value: String) -> PrefixedAddress? {
        PrefixedAddress(parsing: value)
    }
}

/// A Proxmox property string: `key=value,key=value` (a first element without `=` is kept under "").
private struct PropertyString {
    private(set) var pairs: [(key: String, value: String)] = []

    init(_ text: String) {
        for element in text.split(separator: ",") {
            let parts = element.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = NetworkText.trimmed(String(parts[0]))
            pairs.append(parts.count == 2 ? (key, NetworkText.trimmed(String(parts[1]))) : ("", key))
        }
    }

    subscript(key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    /// QEMU puts the MAC after the model (`virtio=BC:24:11:5E:7A:01`); older configs use `macaddr=`.
    var qemuMAC: MACAddress? {
        if let mac = self["macaddr"] { return try? MACAddress(mac) }
        guard let first = pairs.first, first.key != "model" else { return nil }
        return try? MACAddress(first.value)
    }
}
