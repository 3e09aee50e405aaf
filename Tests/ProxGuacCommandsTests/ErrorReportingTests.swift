import ArgumentParser
import ProxGuacCommands
import ProxGuacCore
import Testing

@Suite("Errors: one line on stderr and the right exit code")
struct ErrorReportingTests {
    struct LockHeld: UserFacingError {
        var exitCode: Int32 { ExitStatus.locked }
        var description: String { "another proxguac run holds /run/proxguac.lock: wait for it to finish" }
    }

    struct PlainError: Error, CustomStringConvertible {
        var description: String { "socket closed\nwhile reading pw-9981x" }
    }

    @Test("user-facing errors print their line and map to their exit code", arguments: [
        (CommandFailure.usage("run it in a terminal or use auto") as any Error, Int32(2), "proxguac: error: run it in a terminal or use auto\n"),
        (CommandFailure.partial("2 of 10 guests failed"), 3, "proxguac: error: 2 of 10 guests failed\n"),
        (LockHeld(), 4, "proxguac: error: another proxguac run holds /run/proxguac.lock: wait for it to finish\n"),
        (ConfigError(.missing, file: "config.json", keyPath: "proxmox.url", problem: "missing", fix: "add it"), 2,
         "proxguac: error: config.json: proxmox.url: missing: add it\n"),
        (CancellationError(), 1, "proxguac: error: cancelled\n"),
    ])
    func mapping(error: any Error, code: Int32, line: String) {
        let captured = CapturedLines()
        #expect(reportError(error, redactor: SecretRedactor(), write: captured.write) == code)
        #expect(captured.all == [line])
    }

    @Test("any other error exits 1 with one redacted line")
    func otherErrors() {
        let redactor = SecretRedactor()
        redactor.register(Secret("pw-9981x"))
        let captured = CapturedLines()
        #expect(reportError(PlainError(), redactor: redactor, write: captured.write) == 1)
        #expect(captured.all == ["proxguac: error: socket closed while reading <redacted>\n"])
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String { "Guacamole answered 400: The connection \"x\u{1B}]0;owned\u{07}\rproxguac: error: forged\u{9B}2J\" already exists." }
    }

    @Test("text from a server's error body cannot control the terminal or forge a line")
    func serverErrorBodyIsEscaped() {
        let captured = CapturedLines()
        reportError(ServerError(), redactor: SecretRedactor(), write: captured.write)
        reportWarning(ServerError().description, redactor: SecretRedactor(), write: captured.write)
        #expect(captured.all == [
            "proxguac: error: Guacamole answered 400: The connection \"x\\x1b]0;owned\\x07 proxguac: error: forged\\x9b2J\" already exists.\n",
            "proxguac: warning: Guacamole answered 400: The connection \"x\\x1b]0;owned\\x07 proxguac: error: forged\\x9b2J\" already exists.\n",
        ])
    }

    @Test("withErrorReporting turns a thrown error into ArgumentParser's ExitCode")
    func exitCodeThrown() async {
        let captured = CapturedLines()
        await #expect(throws: ExitCode(3)) {
            try await withErrorReporting(write: captured.write) { throw CommandFailure.partial("some failed") }
        }
        #expect(captured.all == ["proxguac: error: some failed\n"])
        await #expect(throws: ExitCode(0)) {
            try await withErrorReporting { throw ExitCode.success }
        }
    }

    @Test("colour follows --color, NO_COLOR and TERM=dumb", arguments: [
        (ColorMode.always, ["NO_COLOR": "1"], true),
        (.never, [:], false),
        (.auto, ["NO_COLOR": "1"], false),
        (.auto, ["TERM": "dumb"], false),
        (.auto, ["NO_COLOR": ""], false),  // test stdio is not a terminal
    ] as [(ColorMode, [String: String], Bool)])
    func color(mode: ColorMode, environment: [String: String], expected: Bool) {
        #expect(TerminalStyle.useColor(mode, descriptor: -1, environment: environment) == expected)
    }

    @Test("the log level comes from --log-level, else PROXGUAC_LOG_LEVEL, else warning")
    func logLevel() throws {
        var options = try GlobalOptions.parse([])
        #expect(try options.effectiveLogLevel(environment: [:]) == .warning)
        #expect(try options.effectiveLogLevel(environment: ["PROXGUAC_LOG_LEVEL": "DEBUG"]) == .debug)
        options = try GlobalOptions.parse(["--log-level", "error"])
        #expect(try options.effectiveLogLevel(environment: ["PROXGUAC_LOG_LEVEL": "debug"]) == .error)
        #expect(throws: CommandFailure.self) { try GlobalOptions.parse([]).effectiveLogLevel(environment: ["PROXGUAC_LOG_LEVEL": "x"]) }
    }
}
