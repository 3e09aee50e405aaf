import ProxGuacCrypto

/// Done first thing at start (see ``CoreDumpProtection``): no core dumps, not dumpable.
enum ProcessHardening {
    static func apply() {
        CoreDumpProtection.apply()
    }
}
