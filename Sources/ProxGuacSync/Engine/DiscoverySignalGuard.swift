import Dispatch
import Foundation
import Glibc
import ProxGuacCore
import ProxGuacNet
import Synchronization

/// While a guest started for discovery (`network.startStoppedForDiscovery`) is running, SIGINT and SIGTERM
/// do not end the process on the spot: the guest is stopped first (``TerminationSignals``), then the process
/// ends by the signal (exit status 128 + the signal number), as it would have.
enum DiscoverySignalGuard {
    /// Runs `body` with `guest` registered: a signal meanwhile stops the guest (if running) before exiting.
    static func guarding<T: Sendable>(_ guest: GuestReference, control: any GuestPowerControl,
                                      _ body: () async throws -> T) async rethrows -> T {
        try await TerminationSignals.shared.running(cleanup: { _ in await stop(guest, control: control) }, body)
    }

    /// Stops `guest` if it is running and says so on stderr.
    private static func stop(_ guest: GuestReference, control: any GuestPowerControl) async {
        do {
            if try await control.status(of: guest) == .running {
                let upid = try await control.stop(guest)
                try await control.waitTask(upid, timeout: .seconds(120))
            }
            FileHandle.standardError.write(Data("proxguac: interrupted; \(guest) was started for address discovery and is stopped again\n".utf8))
        } catch {
            let tool = guest.kind == .qemu ? "qm" : "pct"
            FileHandle.standardError.write(Data("proxguac: interrupted; \(guest) was started for address discovery and could not be stopped (\(error)); stop it by hand: \(tool) stop \(guest.vmid)\n".utf8))
        }
    }
}
