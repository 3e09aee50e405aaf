internal import CProxGuacCrypto
#if canImport(Glibc)
import Glibc
#endif

/// Keeps secrets (token secret, Guacamole password, encryption key) out of core files: `RLIMIT_CORE` 0
/// and `PR_SET_DUMPABLE` 0, which also stops other processes of the same user from attaching to
/// the process or reading its memory. Applied once, first thing at start.
public enum CoreDumpProtection {
    public static func apply() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        _ = proxguac_ssl_process_not_dumpable()
    }
}
