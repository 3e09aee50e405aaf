/// Why the lab could not start or load its scenario. Each message names the problem and the fix.
public enum LabError: Error, CustomStringConvertible, Sendable, Equatable {
    case tls(String)
    case socket(String)
    case scenarioUnreadable(path: String, reason: String)
    case scenarioInvalid(String)
    case defaultScenarioMissing

    public var description: String {
        switch self {
        case .tls(let what):
            return "lab TLS setup failed: \(what); check that OpenSSL 3 (libssl) is installed"
        case .socket(let what):
            return "lab could not listen on 127.0.0.1: \(what); choose another port or use port 0"
        case .scenarioUnreadable(let path, let reason):
            return "cannot read lab scenario '\(path)': \(reason); pass an existing JSON file with --scenario"
        case .scenarioInvalid(let what):
            return "invalid lab scenario: \(what); fix the scenario JSON (see assets/lab-default.json)"
        case .defaultScenarioMissing:
            return "default lab scenario assets/lab-default.json not found; run from the package checkout or pass --scenario"
        }
    }
}
