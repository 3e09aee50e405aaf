/// Runs `body` to its end even when the calling task is cancelled: the menus cancel long work between
/// steps, never in the middle of a request, whose outcome would then be unknown.
public func uncancellable<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await Task { try await body() }.value
}
