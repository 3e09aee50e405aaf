import Testing
import ProxGuacCore
@testable import ProxGuacNet

/// A stand-in for the Proxmox power calls: it tracks the guest's state, records every call and can be
/// told to fail any of them.
actor FakePowerControl: GuestPowerControl {
    enum Call: Equatable { case status, start, stop, wait(String) }
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var state: GuestPowerState
    private(set) var calls: [Call] = []
    private var failing: Set<String>
    private var taskCounter = 0

    init(state: GuestPowerState, failing: Set<String> = []) {
        self.state = state
        self.failing = failing
    }

    func status(of guest: GuestReference) async throws -> GuestPowerState {
        calls.append(.status)
        try check("status")
        return state
    }

    func start(_ guest: GuestReference) async throws -> String {
        calls.append(.start)
        try check("start")
        state = .running
        return nextTask("qmstart", guest)
    }

    func stop(_ guest: GuestReference) async throws -> String {
        calls.append(.stop)
        try check("stop")
        state = .stopped
        return nextTask("qmstop", guest)
    }

    func waitTask(_ upid: String, timeout: Duration) async throws {
        calls.append(.wait(upid.contains("qmstart") ? "start" : "stop"))
        try check(upid.contains("qmstart") ? "wait-start" : "wait-stop")
    }

    private func check(_ call: String) throws {
        if failing.contains(call) { throw Failure(description: "\(call) failed: VM is locked (backup)") }
    }

    private func nextTask(_ type: String, _ guest: GuestReference) -> String {
        taskCounter += 1
        return "UPID:\(guest.node):0000000\(taskCounter):01B2C3D4:6B03F0DE:\(type):\(guest.vmid):root@pam!proxguac:"
    }
}

@Suite("Starting a stopped guest for discovery restores its state")
struct PowerCycleTests {
    let guest = GuestReference(node: "pve1", vmid: 105, kind: .qemu)
    struct DiscoveryError: Error, CustomStringConvertible {
        var description: String { "no address after 60 s" }
    }

    @Test("A running guest is used as it is: never started or stopped")
    func runningGuestUntouched() async throws {
        let control = FakePowerControl(state: .running)
        let started = try await DiscoveryPowerCycle.withGuestRunning(guest, control: control) { $0 }
        #expect(started == false)
        #expect(await control.calls == [.status])
        #expect(await control.state == .running)
    }

    @Test("A stopped guest is started, its task awaited, and stopped again after discovery")
    func stoppedGuestCycled() async throws {
        let control = FakePowerControl(state: .stopped)
        let address = try await DiscoveryPowerCycle.withGuestRunning(guest, control: control) { started in
            #expect(started)
            #expect(await control.state == .running)
            return "198.51.100.9"
        }
        #expect(address == "198.51.100.9")
        #expect(await control.calls == [.status, .start, .wait("start"), .status, .stop, .wait("stop")])
        #expect(await control.state == .stopped)
    }

    @Test("When discovery fails the guest is still stopped and the error says so")
    func restoredAfterDiscoveryError() async throws {
        let control = FakePowerControl(state: .stopped)
        let error = await #expect(throws: PowerCycleError.self) {
            try await DiscoveryPowerCycle.withGuestRunning(self.guest, control: control) { _ -> String in throw DiscoveryError() }
        }
        #expect(error == .discoveryFailed(guest, "no address after 60 s"))
        #expect(error?.description == "qemu 105 on pve1 was started for address discovery and stopped again: no address after 60 s")
        #expect(await control.state == .stopped)
    }

    @Test("Ctrl-C (task cancellation) during discovery still stops the guest")
    func restoredAfterCancellation() async throws {
        let control = FakePowerControl(state: .stopped)
        let (entered, signal) = AsyncStream.makeStream(of: Void.self)
        let run = Task { [guest] in
            try await DiscoveryPowerCycle.withGuestRunning(guest, control: control) { _ -> String in
                signal.yield()
                try await Task.sleep(for: .seconds(3600))  // ends only by cancellation
                return "unreachable"
            }
        }
        for await _ in entered { break }
        run.cancel()
        let result = await run.result
        #expect(throws: PowerCycleError.cancelled(guest)) { try result.get() }
        #expect(await control.state == .stopped)
        #expect(await control.calls.suffix(2) == [.stop, .wait("stop")])
    }

    @Test("A start task that fails after the VM came up is undone")
    func failedStartTaskUndone() async throws {
        let control = FakePowerControl(state: .stopped, failing: ["wait-start"])
        let error = await #expect(throws: PowerCycleError.self) {
            try await DiscoveryPowerCycle.withGuestRunning(self.guest, control: control) { _ in "never" }
        }
        #expect(error == .startFailed(guest, "wait-start failed: VM is locked (backup)"))
        #expect(await control.state == .stopped)
    }

    @Test("A start that was refused leaves the stopped guest alone")
    func refusedStartNotStopped() async throws {
        let control = FakePowerControl(state: .stopped, failing: ["start"])
        await #expect(throws: PowerCycleError.startFailed(guest, "start failed: VM is locked (backup)")) {
            try await DiscoveryPowerCycle.withGuestRunning(self.guest, control: control) { _ in "never" }
        }
        #expect(await control.calls == [.status, .start, .status])
    }

    @Test("When the guest cannot be stopped again the error tells the user to stop it by hand")
    func restoreFailureReported() async throws {
        let control = FakePowerControl(state: .stopped, failing: ["stop"])
        let error = await #expect(throws: PowerCycleError.self) {
            try await DiscoveryPowerCycle.withGuestRunning(self.guest, control: control) { _ in "198.51.100.9" }
        }
        #expect(error == .restoreFailed(guest, "stop failed: VM is locked (backup)", during: nil))
        #expect(error?.description.hasSuffix("stop it by hand: qm stop 105") == true)
    }

    @Test("An unreadable power state starts nothing")
    func unknownStatus() async throws {
        let control = FakePowerControl(state: .stopped, failing: ["status"])
        await #expect(throws: PowerCycleError.statusUnknown(guest, "status failed: VM is locked (backup)")) {
            try await DiscoveryPowerCycle.withGuestRunning(self.guest, control: control) { _ in "never" }
        }
        #expect(await control.calls == [.status])
    }

    @Test("Address polling re-walks the chain until a step finds the address, within the bound")
    func pollingUntilFound() async throws {
        let attempts = Counter()
        let found = await AddressPolling.untilFound(timeout: .seconds(600), interval: .milliseconds(1)) {
            let attempt = await attempts.increment()
            let result: AddressStepResult = attempt < 3 ? .nothing("agent not up yet") : .found(.v4(IPv4Address(198, 51, 100, 9)))
            return await AddressChain.resolve([AddressLookupStep(.agent) { result }])
        }
        #expect(found.address == ResolvedAddress(host: "198.51.100.9", source: .agent))
        #expect(await attempts.value == 3)

        let never = await AddressPolling.untilFound(timeout: .milliseconds(20), interval: .milliseconds(5)) {
            await AddressChain.resolve([AddressLookupStep(.agent) { .nothing("agent not up yet") }])
        }
        #expect(never.address == nil)
    }

    actor Counter {
        private(set) var value = 0
        func increment() -> Int {
            value += 1
            return value
        }
    }
}
