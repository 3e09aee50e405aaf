import ArgumentParser
import ProxGuacCore

/// Runs a command body and turns any error into `proxguac: error: <one line>` on stderr plus the
/// right exit code (``UserFacingError/exitCode``, else 1). Never a stack trace; secrets are redacted.
/// ArgumentParser's own control-flow errors (`ExitCode`, `CleanExit`, `ValidationError`) pass through.
///
///     func run() async throws {
///         try await withErrorReporting {
///             let loaded = try globals.loadConfig()
///             ...
///         }
///     }
public func withErrorReporting(
    write: @Sendable (String) -> Void = StandardError.write, _ body: () async throws -> Void
) async throws {
    let outcome: Result<Void, any Error>
    do {
        try await body()
        outcome = .success(())
    } catch {
        outcome = .failure(error)
    }
    // Sessions opened by the body are logged out however it ended (OpenSessions).
    await OpenSessions.closeAll()
    do {
        try outcome.get()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        throw ExitCode(reportError(error, write: write))
    }
}

/// Prints the error line and returns the exit code (for callers that cannot use ``withErrorReporting(_:)``).
@discardableResult
public func reportError(_ error: any Error, redactor: SecretRedactor = .shared, write: @Sendable (String) -> Void = StandardError.write) -> Int32 {
    let (text, code): (String, Int32) = switch error {
    case let userFacing as any UserFacingError: (userFacing.description, userFacing.exitCode)
    case is CancellationError: ("cancelled", ExitStatus.failure)
    default: (String(describing: error), ExitStatus.failure)
    }
    let line = OneLine.make(redactor.redact(text))
    if DiagnosticFormat.format == .json {
        write(DiagnosticFormat.record(level: "error", message: line, extra: [JSONMember("exitCode", .integer(Int(code)))]))
    } else {
        write("proxguac: error: \(TerminalText.escaped(line))\n")
    }
    return code
}

/// Prints `proxguac: warning: <line>` on stderr.
public func reportWarning(_ text: String, redactor: SecretRedactor = .shared, write: @Sendable (String) -> Void = StandardError.write) {
    let line = OneLine.make(redactor.redact(text))
    write(DiagnosticFormat.format == .json ? DiagnosticFormat.record(level: "warning", message: line) : "proxguac: warning: \(TerminalText.escaped(line))\n")
}
