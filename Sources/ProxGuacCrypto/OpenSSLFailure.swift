internal import CProxGuacCrypto

extension CryptoError {
    /// An `.openSSLFailure` for `operation`, with the text of the oldest queued libcrypto error.
    ///
    /// Drains the thread's error queue so a later failure does not report a stale reason.
    static func openSSL(_ operation: String) -> CryptoError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else {
            return .openSSLFailure(operation: operation, detail: "no error detail")
        }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        let length = text.firstIndex(of: 0) ?? text.count
        let bytes = text[..<length].map { UInt8(bitPattern: $0) }
        return .openSSLFailure(operation: operation, detail: String(decoding: bytes, as: UTF8.self))
    }
}
