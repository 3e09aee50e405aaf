/// A login result (ticket, token) shared by every concurrent caller.
///
/// Logs in when there is none or it is older than `renewAfter`; concurrent callers wait for the same login.
/// After the server rejects one, `replace` logs in again unless another caller already did.
actor SharedLogin<Value: Sendable, Failure: Error> {
    typealias Login = @Sendable () async -> Result<Value, Failure>

    /// A value plus the number of the login that produced it.
    struct Current: Sendable {
        let value: Value
        let generation: Int
        let obtained: ContinuousClock.Instant
    }

    private let renewAfter: Duration?
    private let login: Login
    private var current: Current?
    private var generation = 0
    /// The newest generation the server rejected: a late-finishing login of it or older is not kept.
    private var rejected = 0
    /// The login under way, with the generation it will produce.
    private var pending: (generation: Int, task: Task<Result<Current, Failure>, Never>)?

    /// - Parameter renewAfter: age after which the value is replaced; nil keeps it until rejected.
    init(renewAfter: Duration?, login: @escaping Login) {
        self.renewAfter = renewAfter
        self.login = login
    }

    /// Set by ``close(_:)``: every later call fails with it instead of logging in again.
    private var closedWith: Failure?

    /// A usable value, logging in if needed.
    func get() async -> Result<Current, Failure> {
        if let closedWith { return .failure(closedWith) }
        if let current, renewAfter.map({ ContinuousClock.now - current.obtained < $0 }) ?? true {
            return .success(current)
        }
        return await renew()
    }

    /// The server rejected `stale`: log in again, unless that value was already replaced.
    func replace(_ stale: Current) async -> Result<Current, Failure> {
        if let closedWith { return .failure(closedWith) }
        if let current, current.generation != stale.generation { return .success(current) }
        current = nil
        rejected = max(rejected, stale.generation)
        return await renew(replacing: stale.generation)
    }

    /// No more logins (the process is ending): later calls fail with `failure`. Returns every value
    /// to log out: the current one and that of a login still under way (waited for).
    func close(_ failure: Failure) async -> [Value] {
        closedWith = failure
        var values = current.map { [$0.value] } ?? []
        current = nil
        if let pending, case .success(let fresh) = await pending.task.value { values.append(fresh.value) }
        return values
    }

    /// Forgets the value (after logout) and returns it.
    func clear() -> Value? {
        defer { current = nil }
        return current?.value
    }

    /// Joins the login under way, or starts one. A login that produced `stale` (finished, but its caller
    /// has not yet stored the result) is not joined: its value was just rejected.
    private func renew(replacing stale: Int? = nil) async -> Result<Current, Failure> {
        if let pending, pending.generation != stale { return await pending.task.value }
        generation += 1
        let number = generation
        let login = self.login
        let task = Task { await login().map { Current(value: $0, generation: number, obtained: .now) } }
        pending = (number, task)
        let result = await task.value
        if pending?.generation == number { pending = nil }
        if case .success(let fresh) = result, max(current?.generation ?? 0, rejected) < number { current = fresh }
        return result
    }
}
