import ProxGuacCore

/// How to trust one endpoint's TLS certificate: the configuration's `tls` section.
///
/// Precedence: a `fingerprint` pins the exact certificate during the handshake (chain and host name are then
/// not checked, so a self-signed certificate works); otherwise the chain is verified against `caFile` (or the
/// system CAs) unless `verify` is false.
public typealias TLSOptions = TLSSettings

extension TLSSettings {
    /// True when nothing about the server's identity is checked; the command layer warns on stderr.
    public var isInsecure: Bool { !verify && fingerprint == nil }
}
