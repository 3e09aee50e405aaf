import ProxGuacCore

/// A guest's power state as `status/current` reports it.
public enum GuestPowerState: String, Sendable, Hashable, Codable {
    case running, stopped
    /// Paused, suspended, prelaunch, ...: neither started nor stopped by discovery.
    case other
}

/// The Proxmox power calls that `network.startStoppedForDiscovery` needs (reference §7). The sync layer
/// implements it with the Proxmox client; tests use a double.
public protocol GuestPowerControl: Sendable {
    /// `GET …/status/current`.
    func status(of guest: GuestReference) async throws -> GuestPowerState
    /// `POST …/status/start`; returns the task's UPID.
    func start(_ guest: GuestReference) async throws -> String
    /// `POST …/status/stop`; returns the task's UPID.
    func stop(_ guest: GuestReference) async throws -> String
    /// Polls `tasks/{upid}/status` until it stops; throws when the task failed (exit status other than
    /// `OK`/`WARNINGS: n`) or `timeout` passed.
    func waitTask(_ upid: String, timeout: Duration) async throws
}

/// What went wrong while starting a guest for discovery. The guest's state is restored whenever the
/// message does not say otherwise.
public enum PowerCycleError: UserFacingError, Sendable, Hashable {
    case statusUnknown(GuestReference, String)
    case startFailed(GuestReference, String)
    case discoveryFailed(GuestReference, String)
    case cancelled(GuestReference)
    /// The guest was started and could NOT be stopped again: the user must act.
    case restoreFailed(GuestReference, String, during: String?)

    public var exitCode: Int32 { ExitStatus.failure }

    public var description: String {
        switch self {
        case .statusUnknown(let guest, let reason):
            return "cannot read the power state of \(guest): \(reason)"
        case .startFailed(let guest, let reason):
            return "could not start \(guest) for address discovery: \(reason) (network.startStoppedForDiscovery)"
        case .discoveryFailed(let guest, let reason):
            return "\(guest) was started for address discovery and stopped again: \(reason)"
        case .cancelled(let guest):
            return "cancelled; \(guest) was started for address discovery and stopped again"
        case .restoreFailed(let guest, let reason, let during):
            let tool = guest.kind == .qemu ? "qm" : "pct"
            return "\(guest) was started for address discovery but could not be stopped again (\(reason))"
                + (during.map { " after: \($0)" } ?? "") + "; stop it by hand: \(tool) stop \(guest.vmid)"
        }
    }
}

/// `network.startStoppedForDiscovery`: start a stopped guest, run the discovery, and stop it again —
/// also when the discovery throws or the task is cancelled (Ctrl-C). A guest that was not stopped is
/// left exactly as it is.
public enum DiscoveryPowerCycle {
    public struct Timeouts: Sendable, Hashable {
        /// For the start and the stop task each.
        public var task: Duration

        public init(task: Duration = .seconds(120)) {
            self.task = task
        }
    }

    /// - Parameter body: the discovery; receives `true` when the guest was started for it.
    public static func withGuestRunning<T: Sendable>(
        _ guest: GuestReference,
        control: any GuestPowerControl,
        timeouts: Timeouts = Timeouts(),
        body: @escaping @Sendable (_ startedForDiscovery: Bool) async throws -> T
    ) async throws(PowerCycleError) -> T {
        let initial: GuestPowerState
        do {
            initial = try await control.status(of: guest)
        } catch {
            throw .statusUnknown(guest, GuestAddressSteps.oneLine(error))
        }
        guard initial == .stopped else {
            do {
                return try await body(false)
            } catch {
                throw .discoveryFailed(guest, GuestAddressSteps.oneLine(error))
            }
        }

        let outcome: Result<T, PowerCycleError>
        do {
            let upid = try await control.start(guest)
            try await control.waitTask(upid, timeout: timeouts.task)
            do {
                outcome = .success(try await body(true))
            } catch {
                outcome = .failure(error is CancellationError || Task.isCancelled ? .cancelled(guest) : .discoveryFailed(guest, GuestAddressSteps.oneLine(error)))
            }
        } catch {
            outcome = .failure(Task.isCancelled ? .cancelled(guest) : .startFailed(guest, GuestAddressSteps.oneLine(error)))
        }

        // Restore in a task of its own: it must run to the end even when the caller was cancelled.
        let restore = Task { await stopIfRunning(guest, control: control, timeout: timeouts.task) }
        if let failure = await restore.value {
            let during: String? = switch outcome {
            case .success: nil
            case .failure(let error): error.description
            }
            throw .restoreFailed(guest, failure, during: during)
        }
        return try outcome.get()
    }

    /// Stops the guest unless it is already stopped; returns why that failed, or `nil`.
    private static func stopIfRunning(_ guest: GuestReference, control: any GuestPowerControl, timeout: Duration) async -> String? {
        if let state = try? await control.status(of: guest), state == .stopped { return nil }
        do {
            let upid = try await control.stop(guest)
            try await control.waitTask(upid, timeout: timeout)
            return nil
        } catch {
            return GuestAddressSteps.oneLine(error)
        }
    }
}

/// Re-walks the chain until it finds an address or the time is up (a freshly started guest needs a
/// while before its agent or DHCP lease answers).
public enum AddressPolling {
    public static func untilFound(
        timeout: Duration,
        interval: Duration = .seconds(2),
        clock: ContinuousClock = ContinuousClock(),
        attempt: @Sendable () async -> AddressResolution
    ) async -> AddressResolution {
        let deadline = clock.now + timeout
        var resolution = await attempt()
        while resolution.address == nil, clock.now + interval < deadline, !Task.isCancelled {
            do {
                try await clock.sleep(for: interval)
            } catch {
                break
            }
            resolution = await attempt()
        }
        return resolution
    }
}
