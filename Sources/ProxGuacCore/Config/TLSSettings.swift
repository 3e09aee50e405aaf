/// How to verify a server's TLS certificate (`proxmox.tls`, `guacamole.tls`).
public struct TLSSettings: Sendable, Equatable {
    /// Verify the certificate chain and host name (default true). False is warned about every run.
    public var verify: Bool
    /// A PEM file with the CA certificate(s) to trust instead of the system store.
    public var caFile: String?
    /// Pin the server certificate by its SHA-256 fingerprint.
    public var fingerprint: CertificateFingerprint?

    public init(verify: Bool = true, caFile: String? = nil, fingerprint: CertificateFingerprint? = nil) {
        self.verify = verify
        self.caFile = caFile
        self.fingerprint = fingerprint
    }
}

/// A SHA-256 certificate fingerprint, written as Proxmox shows it: 32 colon-separated
/// uppercase hex bytes (`AB:CD:...`). Parsing also accepts lowercase and no colons.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the SHA-256 digest.
    public let bytes: [UInt8]

    public init?(_ text: String) {
        let hex = text.filter { $0 != ":" }
        guard hex.count == 64, text.allSatisfy({ $0 == ":" || $0.isHexDigit }) else { return nil }
        if text.contains(":") {
            let groups = text.split(separator: ":", omittingEmptySubsequences: false)
            guard groups.count == 32, groups.allSatisfy({ $0.count == 2 }) else { return nil }
        }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
