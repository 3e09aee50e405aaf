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
    /// no admin token outlives the run. A SIGTERM while `body` runs logs out first (at most
    /// ``logoutGrace``), then ends the process by the same signal (systemd's stop, `timeout`): the run still
    /// stops at once, as without a handler (``TerminationSignals``).
    func loggingOutOnTermination<T>(_ body: () async throws -> T) async throws -> T {
        let guacamole = self.guacamole
        let result: Result<T, any Error>
        do {
            result = .success(try await TerminationSignals.shared.running(
                cleanup: { signal in
                    // The logout may not delay the end by more than the grace, whatever the server does.
                    DispatchQueue.global().asyncAfter(deadline: .now() + Self.logoutGrace) { TerminationSignals.die(by: signal) }
                    await guacamole.logOutQuietly()
                }, on: [SIGTERM], body))
        } catch {
            result = .failure(error)
        }
        // Requests fail once the session is closed, so the run may end before the handler does: it still ends by the signal.
        await TerminationSignals.shared.endIfSignalled()
        await guacamole.logOutQuietly()
        return try result.get()
    }

    /// How long a logout may delay the end of a terminated run.
    static let logoutGrace: DispatchTimeInterval = .seconds(2)
}

extension GuacamoleClient {
    /// Logs out for good (``closeSession()``); a failure is ignored (the token expires on its own).
    func logOutQuietly() async {
        await closeSession()
    }
}

/// Guacamole clients of engines made by ``GlobalOptions/syncEngine(command:)`` (add, delete, adopt, encrypt-notes):
/// ``withErrorReporting(write:_:)`` logs them out when the command body ends, however it ends.
enum OpenSessions {
    private static let clients = Mutex<[GuacamoleClient]>([])

    static func register(_ client: GuacamoleClient) {
        clients.withLock { $0.append(client) }
    }

    /// Runs `body`; a SIGTERM meanwhile logs out every registered session (at most ``SyncEngine/logoutGrace``),
    /// then ends the process by the signal, as ``SyncEngine/loggingOutOnTermination(_:)`` does for one engine.
    static func loggingOutOnTermination<T>(_ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await TerminationSignals.shared.running(
                cleanup: { signal in
                    DispatchQueue.global().asyncAfter(deadline: .now() + SyncEngine.logoutGrace) { TerminationSignals.die(by: signal) }
                    await closeAll()
                }, on: [SIGTERM], body))
        } catch {
            result = .failure(error)
        }
        // Requests fail once the sessions are closed: no error line for them, the process ends by the signal.
        await TerminationSignals.shared.endIfSignalled()
        return try result.get()
    }

    static func closeAll() async {
        let open = clients.withLock { list in
            defer { list = [] }
            return list
        }
        for client in open { await client.logOutQuietly() }
    }
}

/// ``withErrorReporting(write:_:)`` for the commands that log in to Guacamole (add, delete, adopt, encrypt-notes,
/// rekey, add-external, remove-external, demo, test-auth): a SIGTERM while `body` runs logs out the sessions in
/// ``OpenSessions`` first, then ends the process by the signal (exit status 143 to a shell, "terminated by SIGTERM" to systemd).
func withErrorReportingLoggingOutOnTermination(_ body: () async throws -> Void) async throws {
    try await withErrorReporting { try await OpenSessions.loggingOutOnTermination(body) }
}
