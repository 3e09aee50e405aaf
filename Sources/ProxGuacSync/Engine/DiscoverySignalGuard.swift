import Dispatch
import Foundation
import Glibc
import ProxGuacCore
import ProxGuacNet
import Synchronization

/// While a guest started for discovery (`network.startStoppedForDiscovery`) is running, SIGINT and SIGTERM
/// do not end the process on the spot (`auto` installs no handler otherwise): the guests are stopped
/// first, then the process exits with 128 + the signal number, as it would have.
final class DiscoverySignalGuard: Sendable {
    static let shared = DiscoverySignalGuard()

    private struct Entry: Sendable {
        let guest: GuestReference
        let control: any GuestPowerControl
    }

    private struct State: @unchecked Sendable {
        var entries: [Int: Entry] = [:]
        var nextToken = 0
        var sources: [DispatchSourceSignal] = []
    }

    private let state = Mutex(State())

    /// Runs `body` with `guest` registered: a signal meanwhile stops the guest (if running) before exiting.
    func guarding<T: Sendable>(_ guest: GuestReference, control: any GuestPowerControl,
                               _ body: () async throws -> T) async rethrows -> T {
        let token = register(Entry(guest: guest, control: control))
        defer { unregister(token) }
        return try await body()
    }

    private func register(_ entry: Entry) -> Int {
        state.withLock { state in
            if state.entries.isEmpty { state.sources = Self.watchSignals() }
            state.nextToken += 1
            state.entries[state.nextToken] = entry
            return state.nextToken
        }
    }

    private func unregister(_ token: Int) {
        state.withLock { state in
            state.entries[token] = nil
            guard state.entries.isEmpty else { return }
            for source in state.sources { source.cancel() }
            state.sources = []
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
    }

    private static func watchSignals() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { DiscoverySignalGuard.shared.stopAllAndExit(number) }
            source.resume()
            return source
        }
    }

    /// Stops every registered guest that is running (each at most once), then exits 128 + `number`.
    private func stopAllAndExit(_ number: Int32) {
        let entries = state.withLock { Array($0.entries.values) }
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            for entry in entries {
                do {
                    if try await entry.control.status(of: entry.guest) == .running {
                        let upid = try await entry.control.stop(entry.guest)
                        try await entry.control.waitTask(upid, timeout: .seconds(120))
                    }
                    FileHandle.standardError.write(Data("proxguac: interrupted; \(entry.guest) was started for address discovery and is stopped again\n".utf8))
                } catch {
                    let tool = entry.guest.kind == .qemu ? "qm" : "pct"
                    FileHandle.standardError.write(Data("proxguac: interrupted; \(entry.guest) was started for address discovery and could not be stopped (\(error)); stop it by hand: \(tool) stop \(entry.guest.vmid)\n".utf8))
                }
            }
            done.signal()
        }
        done.wait()
        exit(128 + number)
    }
}
