import Synchronization

/// Events from other threads (backend results, progress, signals) waiting for the UI loop.
final class Mailbox: Sendable {
    private let events = Mutex<[AppEvent]>([])

    func post(_ event: AppEvent) {
        events.withLock { $0.append(event) }
    }

    /// Everything posted since the last call, oldest first.
    func drain() -> [AppEvent] {
        events.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
