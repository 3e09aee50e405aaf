/// How the network module reads the `network.*` settings.
extension NetworkSettings {
    /// `network.sweepTimeoutMs` as a duration.
    public var sweepTimeout: Duration { .milliseconds(sweepTimeoutMs) }

    /// The address rules for `network.ipv6`.
    public var selection: AddressSelection { AddressSelection(allowIPv6: ipv6, preferIPv6: preferIPv6) }

    /// `network.wol.port` as a UDP port (the config accepts 1-65535 only).
    public var wakePort: UInt16 { UInt16(clamping: wol.port) }
}
