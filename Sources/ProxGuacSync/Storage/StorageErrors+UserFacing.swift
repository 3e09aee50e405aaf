import ProxGuacCore

/// Another run holds the lock: exit code 4, so a timer can tell "busy" from "broken".
extension RunLock.Held: UserFacingError {
    public var exitCode: Int32 { ExitStatus.locked }
}

extension LocalFileError: UserFacingError {
    public var exitCode: Int32 { ExitStatus.failure }
}
