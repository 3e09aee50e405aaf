import ArgumentParser
import Foundation
import ProxGuacCore

extension ProxGuacMain {
    /// The entry point: hardens the process (``ProcessHardening``), then `main()`, except that with `--log-format json` on the command line an
    /// argument-parser error (unknown option, bad value, a failed `validate()`) is one JSON log record
    /// on stderr instead of text, so journald holds only JSON lines. `--help` and `--version` print as usual.
    public static func mainHonouringLogFormat(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        ProcessHardening.apply()
        guard DiagnosticFormat.requested(in: arguments) == .json else {
            await main(arguments)
            return
        }
        DiagnosticFormat.use(.json)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            reportUsageError(error, arguments: arguments)
        }
    }

    /// Ends the process for an error the argument parser (or ``CommandLinePreparation``) raised: as text,
    /// or with `--log-format json` as one JSON log record on stderr.
    static func reportUsageError(_ error: any Error, arguments: [String]) -> Never {
        let code = exitCode(for: error)
        if DiagnosticFormat.requested(in: arguments) != .json || error is ExitCode || error is CleanExit || code.isSuccess {
            exit(withError: error)
        }
        DiagnosticFormat.use(.json)
        let message = SecretRedactor.shared.redact(self.message(for: error))
        StandardError.write(DiagnosticFormat.record(level: "error", message: OneLine.make(message),
                                                    extra: [.init("exitCode", .integer(Int(code.rawValue)))]))
        Foundation.exit(code.rawValue)
    }
}
