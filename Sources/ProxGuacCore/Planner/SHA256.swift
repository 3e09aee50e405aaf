/// SHA-256 (FIPS 180-4) in pure Swift, for `FieldHash`. ProxGuacCore may not link OpenSSL, and the
/// inputs are a few hundred bytes; a plan hashes thousands of them, so blocks are read in place and
/// the message schedule lives on the stack.
enum SHA256 {
    /// The digest as 64 lower-case hex characters.
    static func hexDigest(_ message: [UInt8]) -> String {
        let words = digest(message)
        return String(unsafeUninitializedCapacity: 64) { out in
            var index = 0
            for word in words {
                for shift in stride(from: 28, through: 0, by: -4) {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt32(shift)) & 0x0F
                    out[index] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
                    index += 1
                }
            }
            return index
        }
    }

    /// The digest as eight big-endian words.
    @_optimize(speed)
    static func digest(_ message: [UInt8]) -> [UInt32] {
        var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        roundConstants.withUnsafeBufferPointer { constants in
            message.withUnsafeBufferPointer { bytes in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                    let fullBlocks = bytes.count / 64
                    for block in 0..<fullBlocks {
                        compress(&state, block: UnsafeBufferPointer(rebasing: bytes[block * 64 ..< block * 64 + 64]),
                                 schedule: schedule, constants: constants)
                    }
                    // The rest, then 0x80, zeros and the bit length: one or two more blocks.
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                        let rest = bytes.count - fullBlocks * 64
                        let tailLength = rest + 9 <= 64 ? 64 : 128
                        tail.initialize(repeating: 0)
                        for index in 0..<rest { tail[index] = bytes[fullBlocks * 64 + index] }
                        tail[rest] = 0x80
                        let bitLength = UInt64(bytes.count) &* 8
                        for index in 0..<8 { tail[tailLength - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(index * 8)) }
                        for start in stride(from: 0, to: tailLength, by: 64) {
                            compress(&state, block: UnsafeBufferPointer(rebasing: tail[start ..< start + 64]), schedule: schedule, constants: constants)
                        }
                    }
                }
            }
        }
        return state
    }

    /// One 64-byte block of the compression function.
    @_optimize(speed)
    private static func compress(_ state: inout [UInt32], block: UnsafeBufferPointer<UInt8>, schedule w: UnsafeMutableBufferPointer<UInt32>,
                                 constants k: UnsafeBufferPointer<UInt32>) {
        for i in 0..<16 {
            w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16 | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
        }
        for i in 16..<64 {
            let s0 = rotateRight(w[i - 15], 7) ^ rotateRight(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotateRight(w[i - 2], 17) ^ rotateRight(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var a = state[0], b = state[1], c = state[2], d = state[3]
        var e = state[4], f = state[5], g = state[6], h = state[7]
        for i in 0..<64 {
            let t1 = h &+ (rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)) &+ ((e & f) ^ (~e & g))
                &+ k[i] &+ w[i]
            let t2 = (rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }

    @inline(__always) @_optimize(speed)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}
