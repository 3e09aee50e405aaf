import Dispatch
import Foundation
import ProxGuacHTTP
import ProxGuacSync
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension SyncEngine {
    /// Runs `body`, then ends the Guacamole session (`DELETE /api/session`), also when `body` throws, so
    /// no admin token outlives the run. A SIGTERM while `body` runs logs out first, then ends the process
    /// by the same signal (systemd's stop, `timeout`): the run still stops at once, as without a handler.
    func loggingOutOnTermination<T>(_ body: () async throws -> T) async throws -> T {
        let watcher = TerminationLogout(guacamole: guacamole)
        defer { watcher.cancel() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await guacamole.logOutQuietly()
        // Requests fail once the session is closed, so the run may end before the handler does: still end by the signal.
        if watcher.terminated { TerminationLogout.dieBySignal() }
        return try result.get()
    }
}

extension GuacamoleClient {
    /// Logs out for good (``closeSession()``); a failure is ignored (the token expires on its own).
    func logOutQuietly() async {
        await closeSession()
    }
}

/// Set by the SIGTERM handler (one process, one run).
private let terminationReceived = Atomic<Bool>(false)

/// SIGTERM → log out (at most ``grace``), then die by SIGTERM with the default action.
final class TerminationLogout: @unchecked Sendable {
    /// How long a logout may delay the end of a terminated run.
    static let grace: DispatchTimeInterval = .seconds(2)
    private let source: any DispatchSourceSignal

    /// Whether SIGTERM arrived.
    var terminated: Bool { terminationReceived.load(ordering: .relaxed) }

    init(guacamole: GuacamoleClient) {
        signal(SIGTERM, SIG_IGN)  // the dispatch source receives it instead
        source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler {
            terminationReceived.store(true, ordering: .relaxed)
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.grace) { Self.dieBySignal() }
            Task {
                await guacamole.logOutQuietly()
                Self.dieBySignal()
            }
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGTERM, SIG_DFL)
    }

    /// Restores the default action, unblocks the signal in this thread (libdispatch blocks it to read it
    /// itself) and raises it; `_exit(143)` should that not end the process.
    static func dieBySignal() {
        signal(SIGTERM, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGTERM)
        _exit(128 + SIGTERM)
    }
}

/// Guacamole clients of engines made by ``GlobalOptions/syncEngine()`` (add, delete, adopt, encrypt-notes):
/// ``withErrorReporting(write:_:)`` logs them out when the command body ends, however it ends.
enum OpenSessions {
    private static let clients = Mutex<[GuacamoleClient]>([])

    static func register(_ client: GuacamoleClient) {
        clients.withLock { $0.append(client) }
    }

    static func closeAll() async {
        let open = clients.withLock { list in
            defer { list = [] }
            return list
        }
        for client in open { await client.logOutQuietly() }
    }
}
