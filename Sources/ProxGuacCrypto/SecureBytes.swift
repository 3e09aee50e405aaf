internal import CProxGuacCrypto

/// Key bytes held in memory that is wiped with `OPENSSL_cleanse` when the last user lets go.
///
/// Immutable after `init`, so sharing it between tasks is safe.
final class SecureBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into wiped-on-release memory and wipes `bytes` itself.
    init(consuming bytes: inout [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: source)
        }
        self.buffer = buffer
        count = bytes.count
        wipe(&bytes)
    }

    let count: Int

    func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }

    /// A new `SecureBytes` holding `range` of this one.
    func slice(_ range: Range<Int>) -> SecureBytes {
        var part = withUnsafeBytes { Array($0[range]) }
        return SecureBytes(consuming: &part)
    }

    deinit {
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}

/// Overwrites a byte array's storage with zeros in a way the optimiser cannot drop.
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { raw in
        OPENSSL_cleanse(raw.baseAddress, raw.count)
    }
}
