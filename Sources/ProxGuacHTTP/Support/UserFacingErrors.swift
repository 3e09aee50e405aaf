import Foundation

import ProxGuacCore

extension HTTPError: UserFacingError {
    public var exitCode: Int32 { ExitStatus.failure }
}

extension ProxmoxError: UserFacingError {
    public var exitCode: Int32 {
        if case .invalidConfiguration = self { return ExitStatus.usage }
        return ExitStatus.failure
    }
}

extension GuacamoleError: UserFacingError {
    public var exitCode: Int32 {
        if case .invalidConfiguration = self { return ExitStatus.usage }
        return ExitStatus.failure
    }
}

extension String {
    /// The text on one line: line breaks become spaces, surrounding blanks go (server texts end in `\n`).
    var singleLine: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
