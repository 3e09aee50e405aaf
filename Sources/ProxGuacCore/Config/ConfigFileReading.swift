/// The seam through which the pure config parser reads secret and key files.
/// `ProxGuacCommands` provides the real implementation; tests provide dictionaries.
public protocol ConfigFileReading: Sendable {
    /// Reads a whole text file. `path` is absolute or relative to the process's working directory.
    func readConfigFile(atPath path: String) throws(ConfigFileReadFailure) -> ConfigFileContents
}

/// The text of a file plus what the parser needs to warn about it.
public struct ConfigFileContents: Sendable, Equatable {
    public var text: String
    /// True when group or others may read the file (the parser then warns: `chmod 600 FILE`).
    public var isReadableByOthers: Bool

    public init(text: String, isReadableByOthers: Bool) {
        self.text = text
        self.isReadableByOthers = isReadableByOthers
    }
}

/// Why a file could not be read, e.g. `No such file or directory`.
public struct ConfigFileReadFailure: Error, Sendable, Equatable {
    public var reason: String
    /// True when the file does not exist (so a search can move on to the next candidate).
    public var isMissing: Bool

    public init(reason: String, isMissing: Bool = false) {
        self.reason = reason
        self.isMissing = isMissing
    }
}

/// Something the user should know but that does not stop the run (printed on stderr every run).
public struct ConfigWarning: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var keyPath: String?
    public var message: String

    public init(file: String, keyPath: String?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        OneLine.make([file, keyPath, message].compactMap { $0 }.joined(separator: ": "))
    }
}
