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
    /// Server text on one line (Core's `OneLine`), without the trailing `\n` Proxmox adds.
    var singleLine: String {
        OneLine.make(self).trimmingCharacters(in: .whitespaces)
    }
}
