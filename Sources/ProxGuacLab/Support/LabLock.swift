import Glibc

/// A value behind a plain `pthread_mutex_t`. The lab's servers run one thread per connection (a hundred
/// at once in the 24-node benchmark) on few cores: `Synchronization.Mutex` spins before it sleeps, which
/// there burns more CPU than the short critical sections themselves; a waiting thread here sleeps at once.
final class LabLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
