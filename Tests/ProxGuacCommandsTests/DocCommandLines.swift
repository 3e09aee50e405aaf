import Foundation

/// A `proxguac …` command line shown to readers: where it is, what it says, and its arguments.
struct DocCommandLine: CustomStringConvertible {
    /// `README.md:42`, `docs/lab.md:8` or `help of 'proxguac delete'`.
    let place: String
    /// The line as written (trimmed).
    let text: String
    /// The arguments after `proxguac`, placeholders such as `<MAC>` replaced by sample values.
    let arguments: [String]
    /// True when a placeholder was replaced (such a line is parsed, but not run).
    let hasPlaceholders: Bool
    /// True for an example of a refused command line: the example's next line is the parser's `Error: …`.
    var showsParseError = false

    var description: String { "\(place): `\(text)`" }
}

/// Finds the command lines of the README, the docs/ pages and the help texts (the man page is made
/// from those): every `proxguac …` in a `sh` code block (also after `$ `, `sudo`, `swift run` or
/// `VAR=value`, and in each part of `a && b`), every `proxguac …` code span in a table column headed
/// "run", and every `proxguac …` code span of a help text. Spans written as a synopsis (with `[`,
/// `|`, `…` or `...`) are syntax summaries, not command lines, and are left out. An example whose next
/// line is `Error: …` shows a refused command line (``DocCommandLine/showsParseError``).
enum DocCommandLines {
    /// The repository's root (this file is Tests/ProxGuacCommandsTests/DocCommandLines.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// README.md and docs/*.md, as (path relative to the root, text).
    static func markdownPages() throws -> [(path: String, text: String)] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/docs")
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return try (["README.md"] + docs).map { ($0, try String(contentsOfFile: repositoryRoot + "/" + $0, encoding: .utf8)) }
    }

    static func fromMarkdown(_ text: String, file: String) -> [DocCommandLine] {
        var found: [DocCommandLine] = []
        var fence: String?           // the info string of the open code block ("sh", "text", ...)
        var runColumn: Int?          // index of the "run" column of the table being read
        let lines = text.components(separatedBy: "\n")
        var number = 0
        while number < lines.count {
            let line = lines[number]
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                fence = fence == nil ? String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces) : nil
                continue
            }
            if let info = fence {
                guard ["sh", "bash", "shell", "console"].contains(info) || trimmed.hasPrefix("$ proxguac") else { continue }
                var joined = trimmed
                let start = number
                while joined.hasSuffix("\\"), number < lines.count {   // continued lines
                    joined = String(joined.dropLast()) + " " + lines[number].trimmingCharacters(in: .whitespaces)
                    number += 1
                }
                let showsParseError = number < lines.count && lines[number].trimmingCharacters(in: .whitespaces).hasPrefix("Error: ")
                found += commands(in: joined).map { DocCommandLine(place: "\(file):\(start)", text: $0.text, arguments: $0.arguments,
                                                                   hasPlaceholders: $0.hasPlaceholders, showsParseError: showsParseError) }
                continue
            }
            guard trimmed.hasPrefix("|") else { runColumn = nil; continue }
            let cells = tableCells(trimmed)
            if let index = cells.firstIndex(of: "run") { runColumn = index; continue }
            guard let column = runColumn, column < cells.count else { continue }
            for span in codeSpans(cells[column]) where isCommandLine(span) {
                found += commands(in: span).map { DocCommandLine(place: "\(file):\(number)", text: $0.text, arguments: $0.arguments,
                                                                 hasPlaceholders: $0.hasPlaceholders) }
            }
        }
        return found
    }

    /// The `proxguac …` code spans of a help text.
    static func fromHelp(_ help: String, command: String) -> [DocCommandLine] {
        codeSpans(help).filter(isCommandLine).flatMap { span in
            commands(in: span).map { DocCommandLine(place: "help of '\(command)'", text: $0.text, arguments: $0.arguments,
                                                   hasPlaceholders: $0.hasPlaceholders) }
        }
    }

    /// A code span that reads as one command line rather than a synopsis.
    static func isCommandLine(_ span: String) -> Bool {
        span.hasPrefix("proxguac") && !span.contains("[") && !span.contains("|") && !span.contains("…") && !span.contains("...")
    }

    static func codeSpans(_ text: String) -> [String] {
        text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    static func tableCells(_ row: String) -> [String] {
        // Split on `|` outside code spans (a span may contain an escaped or literal bar).
        var cells: [String] = []
        var current = ""
        var inCode = false
        var previous: Character = " "
        for character in row {
            if character == "`" { inCode.toggle() }
            if character == "|", !inCode, previous != "\\" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return Array(cells.dropFirst())   // before the leading bar
    }

    /// The proxguac invocations in one shell line (each side of `&&`, `||`, `;`, `|`).
    static func commands(in line: String) -> [(text: String, arguments: [String], hasPlaceholders: Bool)] {
        var results: [(String, [String], Bool)] = []
        var segment: [String] = []
        func flush() {
            defer { segment = [] }
            var words = segment
            while let first = words.first {
                if first == "$" || first == "sudo" || first == "env" || first.range(of: #"^[A-Z_][A-Z0-9_]*="#, options: .regularExpression) != nil {
                    words.removeFirst()
                } else if first == "-u" || first == "-g", words.count > 1 {
                    words.removeFirst(2)
                } else if first == "swift", words.dropFirst().first == "run" {
                    words.removeFirst(2)
                } else {
                    break
                }
            }
            guard let program = words.first, program == "proxguac" || program.hasSuffix("/proxguac") else { return }
            let arguments = Array(words.dropFirst())
            let substituted = arguments.map(substitute)
            results.append((words.joined(separator: " "), substituted, substituted != arguments))
        }
        for word in shellWords(line) {
            if ["&&", "||", ";", "|"].contains(word) { flush() } else { segment.append(word) }
        }
        flush()
        return results
    }

    /// Sample values for the placeholders the docs use.
    static let placeholders: [String: String] = [
        "<MAC>": "bc:24:11:00:00:01", "<mac>": "bc:24:11:00:00:01", "<vmid>": "100", "<VMID>": "100",
        "ID": "1", "VMID": "100", "N": "100", "FILE": "file.json", "F": "file.json", "CIDR": "198.51.100.0/24",
    ]

    static func substitute(_ word: String) -> String {
        placeholders[word] ?? word
    }

    /// Splits like a POSIX shell: blanks separate words, quotes group, `#` starts a comment.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                if inWord { words.append(current) }
                return words
            case ";":
                if inWord { words.append(current) }
                words.append(";")
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
