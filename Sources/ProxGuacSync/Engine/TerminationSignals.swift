import Dispatch
import Foundation
import Glibc
import Synchronization

/// The one place that handles SIGINT and SIGTERM for the command-line runs (the TUI has its own watcher).
///
/// With no cleanup registered a signal ends the process at once, as without any handler. While cleanups
/// are registered (a guest started for discovery must be stopped again, the Guacamole session logged
/// out), the first SIGINT or SIGTERM runs the cleanups registered for it, newest first, then ends the
/// process by the same signal (exit status 128 + the signal number). The handlers are installed once,
/// on the first registration, and stay: two handlers for one signal would race for it.
public final class TerminationSignals: Sendable {
    public static let shared = TerminationSignals()

    /// Work to do before the process ends by a signal.
    public typealias Cleanup = @Sendable (_ signal: Int32) async -> Void

    private struct Registration: Sendable {
        let signals: Set<Int32>
        let cleanup: Cleanup
    }

    private struct State: @unchecked Sendable {
        var registrations: [(token: Int, registration: Registration)] = []
        var nextToken = 0
        var sources: [DispatchSourceSignal] = []
        var received: Int32?
    }

    private let state = Mutex(State())

    /// The signal that arrived, if one did (the process is then on its way out).
    public var received: Int32? { state.withLock { $0.received } }

    /// Runs `body` with `cleanup` registered for `signals`.
    public func running<T>(cleanup: @escaping Cleanup, on signals: Set<Int32> = [SIGINT, SIGTERM],
                           _ body: () async throws -> T) async rethrows -> T {
        let token = register(signals: signals, cleanup)
        defer { unregister(token) }
        return try await body()
    }

    /// When a signal arrived while `body` ran, waits for the handler to end the process: the run must not
    /// go on (and exit 0) while its cleanups are still under way.
    public func endIfSignalled() async {
        guard received != nil else { return }
        while true { try? await Task.sleep(for: .seconds(3600)) }
    }

    private func register(signals: Set<Int32>, _ cleanup: @escaping Cleanup) -> Int {
        state.withLock { state in
            if state.sources.isEmpty { state.sources = Self.watch([SIGINT, SIGTERM]) }
            state.nextToken += 1
            state.registrations.append((state.nextToken, Registration(signals: signals, cleanup: cleanup)))
            return state.nextToken
        }
    }

    private func unregister(_ token: Int) {
        state.withLock { state in state.registrations.removeAll { $0.token == token } }
    }

    private static func watch(_ numbers: [Int32]) -> [DispatchSourceSignal] {
        numbers.map { number in
            signal(number, SIG_IGN)  // the dispatch source receives it instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { TerminationSignals.shared.handle(number) }
            source.resume()
            return source
        }
    }

    private func handle(_ number: Int32) {
        let cleanups: [Cleanup]? = state.withLock { state in
            guard state.received == nil else { return nil }  // the first signal decides; the rest wait for it
            state.received = number
            return state.registrations.reversed().filter { $0.registration.signals.contains(number) }.map(\.registration.cleanup)
        }
        guard let cleanups else { return }
        if cleanups.isEmpty { Self.die(by: number) }
        Task.detached {
            for cleanup in cleanups { await cleanup(number) }
            Self.die(by: number)
        }
    }

    /// Restores the default action, unblocks the signal in this thread (libdispatch blocks it to read it
    /// itself) and raises it; `_exit(128 + number)` should that not end the process.
    public static func die(by number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }
}
