import ArgumentParser
import ProxGuacHTTP
import ProxGuacCore

/// Rewrites the command line before swift-argument-parser sees it, for two habits people have:
///
/// - **Shared options before the subcommand** (`proxguac --config FILE auto`, as with `git -C` or
///   `kubectl --context`): the options of ``GlobalOptions`` that stand before (or between) the
///   command names are moved right after the last command name, where the parser accepts them.
/// - **A mistyped command** (`proxguac lsit`): instead of the default subcommand's "Unexpected
///   argument", ``UnknownCommand`` says "unknown command 'lsit': did you mean 'list'?" (exit 64);
///   `proxguac lsit --help` shows the help of the command group the typo stands in (the top level).
///
/// Anything else is left exactly as typed. This relies on no command group having a default
/// subcommand that takes positional arguments (true today: the root's default, `ui`, takes none),
/// so a bare word where a command name belongs is never a valid value.
public enum CommandLinePreparation {
    /// The shared options (all take one value), as their long names.
    static let sharedOptions: Set<String> = ["--config", "--log-level", "--log-format", "--color", "--audit-log", "--concurrency"]

    /// `arguments` without the program name.
    public static func prepare(_ arguments: [String], root: any ParsableCommand.Type = ProxGuacMain.self) throws(UnknownCommand) -> [String] {
        var node = root
        var path: [String] = []      // the command names, in order
        var moved: [String] = []     // shared options found before the last command name
        var consumed = Set<Int>()    // positions of both
        var index = 0
        scan: while index < arguments.count {
            let token = arguments[index]
            if token == "--" { break }
            if let width = sharedOptionWidth(arguments, at: index) {
                moved += arguments[index..<(index + width)]
                consumed.formUnion(index..<(index + width))
                index += width
                continue
            }
            if token.hasPrefix("-") { break }   // any other option: from here on the parser's business
            let children = node.configuration.subcommands
            guard !children.isEmpty else { break }   // a leaf command's positional argument
            if let child = children.first(where: { names(of: $0).contains(token) }) {
                path.append(token)
                consumed.insert(index)
                node = child
                index += 1
                continue scan
            }
            if token == "help" && path.isEmpty { break }   // the parser's own `proxguac help COMMAND`
            let rest = arguments[(index + 1)...]
            if rest.contains("--help") || rest.contains("-h") {
                return path + ["--help"]
            }
            throw UnknownCommand(typed: path + [token], suggestion: suggestion(for: token, among: children).map { path + [$0] })
        }
        guard !moved.isEmpty else { return arguments }
        // Everything else keeps its order, after the command names and the moved options.
        return path + moved + arguments.indices.filter { !consumed.contains($0) }.map { arguments[$0] }
    }

    /// How many tokens the shared option at `index` spans (`--config FILE` 2, `--config=FILE` 1), or nil.
    static func sharedOptionWidth(_ arguments: [String], at index: Int) -> Int? {
        let token = arguments[index]
        if let equals = token.firstIndex(of: "="), sharedOptions.contains(String(token[..<equals])) { return 1 }
        // `--config --log-level debug`: a missing value is the parser's to report, not ours to guess.
        guard sharedOptions.contains(token), index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else { return nil }
        return 2
    }

    static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// The visible command closest to `typed` (``SpellingCandidates``: 1 edit up to 4 letters, else 2; a swap of two letters counts as one).
    static func suggestion(for typed: String, among commands: [any ParsableCommand.Type]) -> String? {
        // (A loop, not filter/map with a key path over metatypes: that crashed the Swift 6.3.1 compiler.)
        var visible: [String] = []
        for command in commands where command.configuration.shouldDisplay { visible.append(command._commandName) }
        if let close = SpellingCandidates(visible).closest(to: typed) { return close }
        // A unique prefix of at least 3 letters (`enc` for `encrypt-notes`).
        let prefixed = visible.filter { typed.count >= 3 && $0.hasPrefix(typed.lowercased()) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }
}

/// `proxguac lsit`: a word where a command name belongs that names no command.
public struct UnknownCommand: Error, CustomStringConvertible, Equatable {
    /// The command names typed, the last one unknown (`["config", "chek"]`).
    public let typed: [String]
    /// The closest command's full path, if one is close.
    public let suggestion: [String]?

    public var description: String {
        let word = typed.joined(separator: " ")
        if let suggestion { return "unknown command '\(word)': did you mean '\(suggestion.joined(separator: " "))'?" }
        let group = (["proxguac"] + typed.dropLast()).joined(separator: " ")
        return "unknown command '\(word)': `\(group) --help` lists the commands"
    }
}

extension ProxGuacMain {
    /// The program's entry point: ``CommandLinePreparation`` first, then the argument parser.
    /// An unknown command prints "Error: unknown command …" and the usage on stderr, exit 64.
    public static func mainPreparingArguments(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        OpenSSLLifetime.keepUntilExit()  // before anything uses OpenSSL: no clean-up racing other threads at exit
        HeapTuning.configure()  // before the worker threads allocate (docs/benchmarks.md, peak RSS)
        let prepared: [String]
        do {
            prepared = try CommandLinePreparation.prepare(arguments)
        } catch {
            ProcessHardening.apply()
            reportUsageError(ValidationError(error.description), arguments: arguments)
        }
        await mainHonouringLogFormat(arguments: prepared)
    }
}
