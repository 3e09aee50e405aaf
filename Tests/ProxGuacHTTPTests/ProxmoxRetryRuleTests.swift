import ProxGuacCore
import Testing
@testable import ProxGuacHTTP

/// Which Proxmox failures are worth another try: a 500 that names a lasting condition is not.
@Suite struct ProxmoxRetryRuleTests {
    private let guest = GuestReference(node: "pve1", vmid: 100, kind: .qemu)

    private func status(_ code: Int, _ message: String) -> HTTPError {
        HTTPError(kind: .status(code), method: .get, target: "https://127.0.0.1:8006/api2/json/x", reason: message,
                  serverMessage: message)
    }

    private func context(_ purpose: ProxmoxCallContext.Purpose) -> ProxmoxCallContext {
        ProxmoxCallContext(request: "GET /nodes/pve1/qemu/100/x", node: "pve1", guest: guest, purpose: purpose)
    }

    @Test("a plain 5xx is retried, on a config read and on an agent call")
    func transientServerErrors() {
        #expect(context(.general).shouldRetry(status(500, "Internal Server Error")))
        #expect(context(.general).shouldRetry(status(503, "Service Unavailable")))
        #expect(context(.agent).shouldRetry(status(500, "Internal Server Error")))
    }

    @Test("a missing agent, a stopped VM, a lock, a gone guest or a stale digest are not retried", arguments: [
        (ProxmoxCallContext.Purpose.agent, "QEMU guest agent is not running"),
        (.agent, "VM 100 is not running"),
        (.general, "VM is locked (backup)"),
        (.general, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist"),
        (.configWrite, "detected modified configuration - file changed by other user? Try again."),
    ])
    func lastingConditions(purpose: ProxmoxCallContext.Purpose, message: String) {
        #expect(!context(purpose).shouldRetry(status(500, message)))
    }

    @Test func anOfflineNodeAndARefusalAreNotRetried() {
        #expect(!context(.general).shouldRetry(status(595, "No route to host")))
        #expect(!context(.general).shouldRetry(status(403, "Permission check failed (/vms/100, VM.Audit)")))
        #expect(context(.general).shouldRetry(HTTPError(kind: .timedOut, method: .get, target: "x", reason: "timeout")))
    }
}
