/// How to trust one endpoint's TLS certificate.
///
/// Precedence: a `fingerprint` pins the exact certificate (chain and host name are then not checked);
/// otherwise the chain is verified against `caFile` (or the system CAs) unless `verify` is false.
public struct TLSOptions: Sendable, Hashable {
    /// Verify the server certificate. Turn off only when the user explicitly asks for it.
    public var verify: Bool
    /// PEM file with the CA that signed the server certificate (Proxmox: `/etc/pve/pve-root-ca.pem`).
    public var caFile: String?
    /// SHA-256 of the server certificate (DER), as Proxmox shows it: `AB:CD:…` (case and colons optional).
    public var fingerprint: String?

    public init(verify: Bool = true, caFile: String? = nil, fingerprint: String? = nil) {
        self.verify = verify
        self.caFile = caFile
        self.fingerprint = fingerprint
    }

    /// True when nothing about the server's identity is checked; the command layer warns on stderr.
    public var isInsecure: Bool { !verify && fingerprint == nil }
}

/// A SHA-256 certificate fingerprint, parsed from Proxmox's colon-hex form.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Accepts `AB:CD:…`, lower case, and the form without colons (or with spaces). Returns nil unless
    /// exactly 32 bytes of hex remain.
    public init?(_ text: String) {
        let hex = text.unicodeScalars.filter { $0 != ":" && $0 != " " }
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var high: UInt8?
        for scalar in hex {
            guard let nibble = Self.nibble(scalar) else { return nil }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Upper-case colon-separated hex, the way Proxmox prints it.
    public var description: String {
        bytes.map { byte in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined(separator: ":")
    }

    private static func nibble(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: UInt8(scalar.value - 0x30)
        case 0x41...0x46: UInt8(scalar.value - 0x41 + 10)
        case 0x61...0x66: UInt8(scalar.value - 0x61 + 10)
        default: nil
        }
    }
}
