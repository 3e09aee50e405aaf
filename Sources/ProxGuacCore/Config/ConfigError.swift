/// A problem with the configuration: one line naming the file, the key path, what is wrong
/// and how to fix it, e.g.
/// `config.json: proxmox.tokenSecretFile: cannot read /x/y (No such file or directory): create it or set PROXGUAC_PROXMOX_TOKEN_SECRET`.
/// Exits with ``ExitStatus/usage`` (2). Never contains a secret value.
public struct ConfigError: UserFacingError, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file is not valid JSON (``ConfigError/line`` and ``ConfigError/column`` are set).
        case syntax
        /// A key that proxguac does not know (often a typo).
        case unknownKey
        /// A value of the wrong JSON type.
        case wrongType
        /// A required key (or secret) is absent.
        case missing
        /// A value of the right type that is not acceptable (bad URL, token id, CIDR, range...).
        case invalidValue
        /// A file named by the configuration cannot be read, or no config file was found.
        case unreadableFile
    }

    public var kind: Kind
    /// The config file as the user named it, e.g. `config.json` or `/etc/proxguac/config.json`.
    public var file: String
    /// The dotted key path, e.g. `proxmox.tls.fingerprint` or `external[1].host`; nil for whole-file problems.
    public var keyPath: String?
    public var line: Int?
    public var column: Int?
    /// What is wrong.
    public var problem: String
    /// How to fix it.
    public var fix: String
    /// Further problems found in the same file (other sections), reported with this one in one run.
    public var others: [ConfigError] = []

    public init(_ kind: Kind, file: String, keyPath: String?, problem: String, fix: String, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.keyPath = keyPath
        self.problem = problem
        self.fix = fix
        self.line = line
        self.column = column
    }

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        var where_ = file
        if let line, let column { where_ += ":\(line):\(column)" }
        let parts = [where_, keyPath, problem, fix].compactMap { $0 }.filter { !$0.isEmpty }
        return OneLine.make(parts.joined(separator: ": "))
    }
}

/// Folds any text to a single line (newlines and tabs become spaces) for error messages.
public enum OneLine {
    public static func make(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
