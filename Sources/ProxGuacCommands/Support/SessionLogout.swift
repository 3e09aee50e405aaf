import Dispatch
import Foundation
import ProxGuacHTTP
import ProxGuacSync
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
        do {
            let value = try await body()
            await guacamole.logOutQuietly()
            return value
        } catch {
            await guacamole.logOutQuietly()
            throw error
        }
    }
}

extension GuacamoleClient {
    /// Logs out; a failure is not worth more than a debug line (the token expires on its own).
    func logOutQuietly() async {
        try? await logout()
    }
}

/// SIGTERM → log out (at most ``grace``), then die by SIGTERM with the default action.
final class TerminationLogout: @unchecked Sendable {
    /// How long a logout may delay the end of a terminated run.
    static let grace: DispatchTimeInterval = .seconds(2)
    private let source: any DispatchSourceSignal

    init(guacamole: GuacamoleClient) {
        signal(SIGTERM, SIG_IGN)  // the dispatch source receives it instead
        source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler {
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

    private static func dieBySignal() {
        signal(SIGTERM, SIG_DFL)
        raise(SIGTERM)
    }
}
