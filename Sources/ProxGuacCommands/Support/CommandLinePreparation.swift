import ArgumentParser

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

    /// The visible command closest to `typed` (at most 2 edits, a swap of two letters counting as one).
    static func suggestion(for typed: String, among commands: [any ParsableCommand.Type]) -> String? {
        // (A loop, not filter/map with a key path over metatypes: that crashed the Swift 6.3.1 compiler.)
        var visible: [String] = []
        for command in commands where command.configuration.shouldDisplay { visible.append(command._commandName) }
        let scored = visible.map { (name: $0, distance: EditDistance.between(typed.lowercased(), $0)) }
        guard let best = scored.min(by: { ($0.distance, $0.name) < ($1.distance, $1.name) }),
              best.distance <= min(2, max(1, typed.count / 2)) else {
            // A unique prefix of at least 3 letters (`enc` for `encrypt-notes`).
            let prefixed = visible.filter { typed.count >= 3 && $0.hasPrefix(typed.lowercased()) }
            return prefixed.count == 1 ? prefixed[0] : nil
        }
        return best.name
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

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

extension ProxGuacMain {
    /// The program's entry point: ``CommandLinePreparation`` first, then the argument parser.
    /// An unknown command prints "Error: unknown command …" and the usage on stderr, exit 64.
    public static func mainPreparingArguments(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
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
