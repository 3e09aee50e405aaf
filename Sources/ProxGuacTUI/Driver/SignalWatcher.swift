import Dispatch
import Glibc

/// Turns SIGINT, SIGTERM and SIGHUP into mailbox events, so the UI loop can cancel work, call `endwin`
/// and exit with 128+signal instead of dying with the terminal in raw mode.
@MainActor
final class SignalWatcher {
    private static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private var sources: [any DispatchSourceSignal] = []

    init(posting mailbox: Mailbox) {
        for number in Self.watched {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { mailbox.post(.signal(number)) }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the default actions.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in Self.watched { signal(number, SIG_DFL) }
    }
}
