internal import CProxGuacCurl

/// OpenSSL's global state lives until the process is gone: no clean-up at exit.
public enum OpenSSLLifetime {
    /// Call first thing in `main`, before anything uses OpenSSL (the first initialisation decides): OpenSSL then
    /// registers no `atexit` clean-up, which freed its locks and tables while other threads still used them and
    /// crashed finished runs at exit (exit status 6 or 11 instead of the run's own). Idempotent.
    public static func keepUntilExit() {
        _ = initialised
    }

    private static let initialised: Int32 = proxguac_openssl_init_without_exit_cleanup()
}
