import ProxGuacCore
import ProxGuacNet

/// The interface source for a guest `/cluster/resources` shows as not running: neither the agent nor
/// the LXC interfaces can answer, so the chain skips both without a request (the static config and
/// the neighbour table still apply; the sweep is skipped).
struct StoppedGuestInterfaces: GuestInterfaceSource {
    struct NotRunning: Error, CustomStringConvertible {
        var description: String { "the VM is not running, so its guest agent cannot answer" }
    }

    func agentInterfaces(of guest: GuestReference) async throws -> [GuestInterface] {
        throw NotRunning()
    }

    func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]? {
        nil
    }

    /// A stopped guest never costs a sweep.
    var guestIsRunning: Bool { false }
}
