import ProxGuacCore

extension CryptoError: UserFacingError {
    /// Configuration problems (missing or bad key or passphrase, refusing to overwrite) exit 2; the rest exit 1.
    public var exitCode: Int32 {
        switch self {
        case .noKeyConfigured, .keyFileUnreadable, .keyMalformed, .keyFileExists, .passphraseUnreadable,
             .passphraseEmpty, .unknownKeyID, .legacyPassphraseMissing, .keyNeededToEncrypt, .keyNeededToDecrypt:
            ExitStatus.usage
        case .keyFileWriteFailed, .authenticationFailed, .malformedToken, .unsupportedVersion, .openSSLFailure,
             .encryptedForAnotherGuest, .encryptedForAnotherUser, .copiedValue, .boundValueWithoutGuest:
            ExitStatus.failure
        }
    }
}

extension CredentialDecryptionError: UserFacingError {
    public var exitCode: Int32 { cause.exitCode }
}
