/// What one step of the address chain found.
public enum AddressStepResult: Sendable, Hashable, Codable {
    /// The step found this address.
    case found(IPAddress)
    /// The step ran but found nothing usable (the reason says what it saw).
    case nothing(String)
    /// The step does not apply to this guest (not a container, no MAC known, no Proxmox configured, ...).
    case skipped(String)
    /// The step could not run (agent not running, permission denied, ...): one line, never a secret.
    case failed(String)
}

/// One step of the chain: where it looks, and how.
public struct AddressLookupStep: Sendable {
    public let source: AddressSource
    public let lookup: @Sendable () async -> AddressStepResult

    public init(_ source: AddressSource, lookup: @escaping @Sendable () async -> AddressStepResult) {
        self.source = source
        self.lookup = lookup
    }

    /// A step that is known not to apply.
    public static func skipped(_ source: AddressSource, _ reason: String) -> AddressLookupStep {
        AddressLookupStep(source) { .skipped(reason) }
    }
}

/// A step that was tried, how long it took, and what it found.
public struct AddressLookupAttempt: Sendable, Hashable {
    public var source: AddressSource
    public var result: AddressStepResult
    public var duration: Duration

    public init(source: AddressSource, result: AddressStepResult, duration: Duration) {
        self.source = source
        self.result = result
        self.duration = duration
    }
}

/// The outcome of walking the chain: the address (if any step found one) and every attempt in order.
public struct AddressResolution: Sendable, Hashable {
    public var address: ResolvedAddress?
    public var attempts: [AddressLookupAttempt]

    public init(address: ResolvedAddress?, attempts: [AddressLookupAttempt]) {
        self.address = address
        self.attempts = attempts
    }

    /// An address pinned in the notes: the chain is not walked.
    public static func pinned(_ host: String) -> AddressResolution {
        AddressResolution(address: ResolvedAddress(host: host, source: .notes), attempts: [])
    }
}

/// Walks the steps in order; the first one that finds an address wins.
public enum AddressChain {
    /// - Parameter walkAll: run every step even after a hit (for `test-network`, which shows them all);
    ///   the answer is still the first hit.
    public static func resolve(_ steps: [AddressLookupStep], walkAll: Bool = false) async -> AddressResolution {
        let clock = ContinuousClock()
        var resolution = AddressResolution(address: nil, attempts: [])
        for step in steps {
            let started = clock.now
            let result = await step.lookup()
            resolution.attempts.append(AddressLookupAttempt(source: step.source, result: result, duration: clock.now - started))
            if case .found(let address) = result, resolution.address == nil {
                resolution.address = ResolvedAddress(address, source: step.source)
                if !walkAll { break }
            }
        }
        return resolution
    }
}
