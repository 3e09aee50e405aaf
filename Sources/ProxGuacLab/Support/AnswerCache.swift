/// Answers written once per guest (or Guacamole connection) and reused while what they show is unchanged: each entry is kept with the
/// value it was built from (`Source`: everything the answer depends on), and a request whose guest has another
/// value builds the answer anew and replaces the entry. No invalidation to forget: a write, a power change or a
/// fault that changes what an answer shows changes its source value.
final class AnswerCache<Source: Equatable & Sendable>: Sendable {
    private let entries = LabLock<[Int: (source: Source, text: [UInt8])]>([:])

    /// The answer for `vmid` (a guest's, or a numeric connection identifier) as JSON text (`JSONValue.serialized`), built by `build` unless the cached one was
    /// built from an equal `source`.
    func answer(vmid: Int, source: Source, build: () -> JSONValue) -> JSONValue {
        if let cached = entries.withLock({ $0[vmid] }), cached.source == source { return .serialized(cached.text) }
        let text = build().serializedBytes()
        entries.withLock { $0[vmid] = (source, text) }
        return .serialized(text)
    }
}
