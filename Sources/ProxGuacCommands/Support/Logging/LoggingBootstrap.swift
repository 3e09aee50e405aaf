import Foundation
import Logging
import Synchronization

/// Whether `LoggingSystem.bootstrap` already ran in this process (it traps when called twice).
private let loggingBootstrapped = Mutex(false)

/// Sets up swift-log once per process: stderr, the format and level from `options`, colour when
/// stderr is a terminal, secrets redacted. Later calls only return a logger. Call it at the start
/// of a command's `run()`; libraries take the returned `Logger` as a parameter.
@discardableResult
public func bootstrapLogging(_ options: GlobalOptions, label: String = "proxguac") throws(CommandFailure) -> Logger {
    let environment = ProcessInfo.processInfo.environment
    let level = try options.effectiveLogLevel(environment: environment)
    let format = options.logFormat
    DiagnosticFormat.use(format)
    let useColor = format == .text && options.useColor(descriptor: 2, environment: environment)
    let first = loggingBootstrapped.withLock { done in
        defer { done = true }
        return !done
    }
    if first {
        LoggingSystem.bootstrap { label in
            StderrLogHandler(label: label, level: level, format: format, useColor: useColor)
        }
    }
    var logger = Logger(label: label)
    logger.logLevel = level
    return logger
}
