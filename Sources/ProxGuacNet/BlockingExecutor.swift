import Foundation
import Synchronization

/// Runs blocking network work (sockets, `poll`, `/proc` reads) on its own thread, off Swift's
/// cooperative pool, and bridges the result back to async code.
///
/// Every socket opened inside the work belongs to the network namespace of that thread, so a caller that
/// needs another namespace (the tests' emulated LAN) passes a `prepareThread` that enters it; the default
/// does nothing and works in the process's own namespace.
public struct BlockingExecutor: Sendable {
    private let prepareThread: @Sendable () throws(NetworkIOError) -> Void

    /// A fresh thread per call, in the process's own network namespace.
    public static let dedicatedThreads = BlockingExecutor(prepareThread: {})

    /// - Parameter prepareThread: runs first on each new thread (for example to enter a namespace).
    public init(prepareThread: @escaping @Sendable () throws(NetworkIOError) -> Void) {
        self.prepareThread = prepareThread
    }

    /// Runs `work` on a new thread. Task cancellation raises the flag the work polls.
    public func run<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws(NetworkIOError) -> T) async throws(NetworkIOError) -> T {
        let flag = CancellationFlag()
        let prepare = prepareThread
        let result: Result<T, NetworkIOError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: Result { () throws(NetworkIOError) -> T in
                        try prepare()
                        return try work(flag)
                    })
                }
                thread.name = "proxguac-net"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}

/// Set when the caller gave up; long-running work checks it between steps.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public func cancel() { raised.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { raised.load(ordering: .relaxed) }
}
