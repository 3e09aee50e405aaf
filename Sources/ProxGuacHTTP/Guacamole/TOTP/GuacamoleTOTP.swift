import ProxGuacCore

/// The service account's TOTP: how codes are made and where the steps already used are recorded.
public struct GuacamoleTOTP: Sendable {
    public let generator: TOTPGenerator
    public let ledger: TOTPStepLedger

    public init(generator: TOTPGenerator, ledger: TOTPStepLedger) {
        self.generator = generator
        self.ledger = ledger
    }

    /// From `guacamole.totp*`, recording steps in `stateDirectory`; nil without a (valid) secret.
    public init?(settings: GuacamoleTOTPSettings?, stateDirectory: String) {
        guard let settings, let generator = TOTPGenerator(settings) else { return nil }
        self.init(generator: generator, ledger: TOTPStepLedger(stateDirectory: stateDirectory))
    }
}
