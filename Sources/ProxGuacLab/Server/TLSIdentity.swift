internal import CProxGuacCrypto
import Foundation

/// A self-signed EC P-256 certificate made at start, with the server context that serves it.
///
/// The certificate covers `names` (by default `IP:127.0.0.1` and `DNS:localhost`), is valid from one day ago to one
/// year ahead, and its PEM is written to a file a client can use as its CA file.
final class TLSIdentity: @unchecked Sendable {
    /// The OpenSSL server context; thread-safe for creating connections once configured.
    let context: OpaquePointer
    /// PEM text of the certificate.
    let certificatePEM: String
    /// SHA-256 of the DER certificate in Proxmox's `AA:BB:…` form.
    let fingerprint: String

    init(names: String = "IP:127.0.0.1,DNS:localhost") throws(LabError) {
        guard let key = proxguac_ssl_lab_generate_p256_key() else { throw .tls("could not generate an EC P-256 key") }
        defer { EVP_PKEY_free(key) }
        guard let cert = X509_new() else { throw .tls("could not allocate a certificate") }
        defer { X509_free(cert) }

        X509_set_version(cert, 2)
        ASN1_INTEGER_set(X509_get_serialNumber(cert), Int.random(in: 1...Int(Int32.max)))
        X509_gmtime_adj(X509_getm_notBefore(cert), -86_400)
        X509_gmtime_adj(X509_getm_notAfter(cert), 365 * 86_400)
        X509_set_pubkey(cert, key)
        let name = X509_get_subject_name(cert)
        _ = proxguac_ssl_lab_name_add_text(name, "O", "proxguac lab")
        _ = proxguac_ssl_lab_name_add_text(name, "CN", "localhost")
        X509_set_issuer_name(cert, name)
        guard proxguac_ssl_lab_add_extension(cert, NID_subject_alt_name, names) == 1,
              proxguac_ssl_lab_add_extension(cert, NID_basic_constraints, "critical,CA:TRUE") == 1,
              proxguac_ssl_lab_add_extension(cert, NID_subject_key_identifier, "hash") == 1
        else { throw .tls("could not add certificate extensions") }
        guard X509_sign(cert, key, EVP_sha256()) > 0 else { throw .tls("could not sign the certificate") }

        certificatePEM = try Self.pem(of: cert)
        fingerprint = try Self.sha256Fingerprint(of: cert)

        guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw .tls("could not create a TLS context") }
        _ = proxguac_ssl_lab_ctx_min_tls12(ctx)
        // Read what the socket holds in one `recv` (a whole request record) instead of a 5-byte record header
        // first and the rest after: one system call less per request (`SSL_CTX_set_read_ahead`, a macro).
        _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, 1, nil)
        guard SSL_CTX_use_certificate(ctx, cert) == 1, SSL_CTX_use_PrivateKey(ctx, key) == 1 else {
            SSL_CTX_free(ctx)
            throw .tls("could not load the certificate into the TLS context")
        }
        context = ctx
    }

    deinit { SSL_CTX_free(context) }

    private static func pem(of cert: OpaquePointer) throws(LabError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .tls("could not allocate a memory BIO") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_X509(bio, cert) == 1 else { throw .tls("could not write the certificate PEM") }
        var data: UnsafeMutablePointer<CChar>?
        let length = proxguac_ssl_lab_bio_mem_data(bio, &data)
        guard let data, length > 0 else { throw .tls("empty certificate PEM") }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func sha256Fingerprint(of cert: OpaquePointer) throws(LabError) -> String {
        var derPointer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(cert, &derPointer)
        guard length > 0, let derPointer else { throw .tls("could not encode the certificate as DER") }
        defer { CRYPTO_free(derPointer, #fileID, #line) }
        let der = [UInt8](UnsafeBufferPointer(start: derPointer, count: Int(length)))
        return Hashing.sha256(der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
