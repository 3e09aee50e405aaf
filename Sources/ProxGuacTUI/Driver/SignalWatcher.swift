import Glibc
import Synchronization

/// The last SIGINT/SIGTERM/SIGHUP received; written only by the signal handler (a lock-free store is
/// async-signal-safe), read and cleared by the UI loop.
private let receivedSignal = Atomic<Int32>(0)

/// Turns SIGINT, SIGTERM and SIGHUP into UI events, so the loop can cancel work, call `endwin` and exit
/// with 128+signal instead of dying with the terminal in raw mode. Install before `newterm`, so ncurses
/// keeps its hands off these signals.
@MainActor
final class SignalWatcher {
    private static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    init() {
        for number in Self.watched {
            signal(number) { number in receivedSignal.store(number, ordering: .relaxed) }
        }
    }

    /// The signal that arrived since the last call, if any.
    func take() -> Int32? {
        let number = receivedSignal.exchange(0, ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Restores the default actions.
    func stop() {
        for number in Self.watched { signal(number, SIG_DFL) }
    }
}
