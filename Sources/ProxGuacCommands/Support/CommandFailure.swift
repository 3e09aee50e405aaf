import ProxGuacCore

/// A failure raised by a command itself: a one-line message and the exit code to use.
public struct CommandFailure: UserFacingError, Sendable, Equatable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitStatus.failure) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Bad usage or an interactive command without a terminal (exit 2).
    public static func usage(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: ExitStatus.usage) }

    /// Some items failed (exit 3).
    public static func partial(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: ExitStatus.partialFailure) }

    public var description: String { OneLine.make(message) }
}
