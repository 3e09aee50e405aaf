import ArgumentParser
import Foundation
import ProxGuacCore

/// `proxguac notes check [FILE|-] [--json]`: lint notes offline.
struct NotesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse notes offline and show their entries (passwords masked) and problems.",
        discussion: """
            Reads the notes of one guest from FILE, or from stdin when FILE is - or left out. \
            Notes are read as the sync reads them: a misspelt key is ignored with a warning when its entry is \
            complete without it, a quoted value wins over a bare one, an unknown protocol in a list is a warning. \
            --strict turns those into errors; --verbose also lists the text that was ignored. \
            Exit code 0 when there are no errors, 1 when there are, 2 when the input cannot be read.
            """
    )

    @OptionGroup var globals: GlobalOptions

    @Argument(help: ArgumentHelp("Notes file, or - for stdin.", valueName: "FILE"), completion: .file())
    var file: String = "-"

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    @Flag(name: .long, help: "Treat misspelt keys, repeated keys and unknown protocols as errors (no lenient reading).")
    var strict = false

    @Flag(name: .long, help: "Also list what the lenient reading ignored (prose keys, bare values beaten by quoted ones).")
    var verbose = false

    func run() async throws {
        var exitCode = ExitStatus.success
        try await withErrorReporting {
            let (output, code) = try outcome()
            print(output, terminator: "")
            exitCode = code
        }
        if exitCode != ExitStatus.success { throw ExitCode(exitCode) }
    }

    /// What the command prints and its exit code, without printing (the tests call this).
    func outcome() throws(CommandFailure) -> (output: String, exitCode: Int32) {
        // With a config, its sync.notes.allowParameters applies; without one, the default allowlist.
        let trust = (try? globals.loadConfig())?.config.sync.notes ?? NotesTrustSettings()
        let report = NotesReport(text: try readInput(), source: file == "-" ? "<stdin>" : file,
                                 mode: strict ? .strict : .lenient, verbose: verbose,
                                 policy: NotesParameterPolicy(extraAllowed: Set(trust.allowParameters)))
        let output = json ? JSONWriter.pretty(report.json) : report.text(color: globals.useColor(descriptor: 1))
        return (output, report.hasErrors ? ExitStatus.failure : ExitStatus.success)
    }

    private func readInput() throws(CommandFailure) -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw .usage("cannot read '\(file)': give a readable notes file, or - for stdin")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .usage("'\(file == "-" ? "stdin" : file)' is not UTF-8 text: save the notes as UTF-8")
        }
        return text
    }
}
