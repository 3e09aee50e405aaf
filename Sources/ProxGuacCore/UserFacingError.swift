/// An error that can be shown to a user as one line and mapped to a process exit code.
///
/// Every module's error types adopt this so that the command layer can print
/// `proxguac: error: <description>` and exit with ``exitCode`` without knowing the module.
/// `description` must be a single line that names what is wrong and how to fix it,
/// and must never contain a secret.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// The process exit code for this failure; use the values of ``ExitStatus``.
    var exitCode: Int32 { get }
}

/// The exit codes proxguac uses (documented in the README and in `proxguac --help`).
public enum ExitStatus {
    /// Everything worked.
    public static let success: Int32 = 0
    /// A fatal error: nothing (or nothing more) could be done.
    public static let failure: Int32 = 1
    /// Bad configuration, bad usage, or an interactive command run without a terminal.
    public static let usage: Int32 = 2
    /// The run finished but some items failed.
    public static let partialFailure: Int32 = 3
    /// Another proxguac run holds the lock.
    public static let locked: Int32 = 4
    /// The deletion guard held deletes back (see `DeletionGuard`).
    public static let deletesHeld: Int32 = 5
    /// The command line could not be parsed (swift-argument-parser's `EX_USAGE`).
    public static let commandLine: Int32 = 64
}
