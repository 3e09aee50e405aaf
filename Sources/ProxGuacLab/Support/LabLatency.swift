import Foundation

/// The emulated servers' response time: a request takes `latency` in all, the lab's own work
/// included (it sleeps for what is left after answering), so a request costs a server worker
/// exactly `latency` however busy the machine running the lab is — the premise of the
/// benchmark's lower bound. Work that takes longer than `latency` is not shortened.
struct LabLatency {
    let latency: Duration

    init(_ latency: Duration) { self.latency = latency }

    func spanning<T>(_ body: () -> T) -> T {
        guard latency > .zero else { return body() }
        let deadline = ContinuousClock.now + latency
        let result = body()
        let left = deadline - ContinuousClock.now
        if left > .zero { Thread.sleep(forTimeInterval: left.seconds) }
        return result
    }
}
