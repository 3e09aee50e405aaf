internal import CProxGuacCurl
import Foundation
import Logging
import Synchronization

/// `curl_global_init` runs once per process, before the first handle exists (lazy global = swift_once).
private let curlGlobalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// The one curl multi handle and the thread that owns it.
///
/// Callers hand over transfers through `inbox` and wake the thread with `curl_multi_wakeup` (thread-safe); the
/// thread adds them, drives `curl_multi_perform`, resumes each transfer's continuation when curl reports it
/// done, and sleeps in `curl_multi_poll`. Nothing else touches the multi handle or the easy handles it holds.
final class CurlMultiLoop: @unchecked Sendable {
    struct Limits: Sendable {
        var maxConnectionsPerHost: Int
        var maxConnections: Int
    }

    private struct Inbox {
        var pending: [CurlTransfer] = []
        /// Raised limits for the loop thread to apply (`raise(_:)`).
        var limits: Limits?
        var stopRequested = false
        /// Set by the thread, under the lock, before it frees the multi handle: nobody may wake it after.
        var closed = false
    }

    private let multi: UnsafeMutableRawPointer?
    private let inbox = Mutex(Inbox())
    private let logger: Logger
    // Loop thread only:
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var tlsByOrigin: [String: TLSOptions] = [:]
    private let configured: Limits
    private let applied: Mutex<Limits>

    init(limits: Limits, logger: Logger) {
        self.logger = logger
        configured = limits
        applied = Mutex(limits)
        multi = curlGlobalInit == CURLE_OK ? curl_multi_init() : nil
        if multi != nil {
            _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, limits.maxConnectionsPerHost))
            _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, limits.maxConnections))
            let thread = Thread { [self] in run() }
            thread.name = "proxguac-curl"
            thread.start()
        } else {
            inbox.withLock { $0.closed = true }
        }
    }

    /// Hands a transfer to the loop; it finishes with `.cancelled` if the loop has shut down.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.closed, !state.stopRequested, let multi else { return false }
            state.pending.append(transfer)
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted { transfer.finish(.failure(transfer.cancelledError())) }
    }

    /// Allows at least `perHost` connections to one host (never fewer than configured), and as many more in
    /// total: the Proxmox loader calls it once it knows how many nodes it will read at once. A loop limited to
    /// one connection overall (`--concurrency 1`) stays so.
    func raise(perHost: Int) {
        guard configured.maxConnections > 1 else { return }
        let raised = applied.withLock { current -> Limits? in
            guard perHost > current.maxConnectionsPerHost else { return nil }
            current = Limits(maxConnectionsPerHost: perHost,
                             maxConnections: configured.maxConnections + perHost - configured.maxConnectionsPerHost)
            return current
        }
        guard let raised else { return }
        inbox.withLock { state in
            state.limits = raised
            if !state.closed, let multi { curl_multi_wakeup(multi) }
        }
    }

    /// Marks a transfer cancelled; the loop removes it at its next turn.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Stops the thread once; called when the owning transport goes away.
    func shutdown() {
        inbox.withLock { state in
            state.stopRequested = true
            if !state.closed, let multi { curl_multi_wakeup(multi) }
        }
    }

    private func wake() {
        inbox.withLock { state in
            if !state.closed, let multi { curl_multi_wakeup(multi) }
        }
    }

    // MARK: - Loop thread

    private func run() {
        guard let multi else { return }
        while true {
            let (arrivals, limits, stop) = inbox.withLock { state in
                defer { (state.pending, state.limits) = ([], nil) }
                return (state.pending, state.limits, state.stopRequested)
            }
            if stop { break }
            if let limits {
                _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limits.maxConnectionsPerHost)
                _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limits.maxConnections)
            }
            arrivals.forEach { start($0, on: multi) }
            abortCancelled(on: multi)
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished(on: multi)
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        let leftovers = inbox.withLock { state in
            state.closed = true
            defer { state.pending = [] }
            return state.pending
        }
        for transfer in leftovers + Array(active.values) {
            remove(transfer, from: multi)
            transfer.finish(.failure(transfer.cancelledError()))
        }
        curl_multi_cleanup(multi)
    }

    private func start(_ transfer: CurlTransfer, on multi: UnsafeMutableRawPointer) {
        if transfer.cancelRequested.load(ordering: .acquiring) {
            transfer.finish(.failure(transfer.cancelledError()))
            return
        }
        // Connections are cached per host; one set up under other TLS rules must not serve this request.
        if let owner = tlsByOrigin[transfer.origin] {
            if owner != transfer.tls { transfer.useFreshConnection() }
        } else {
            tlsByOrigin[transfer.origin] = transfer.tls
        }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let reason = String(cString: curl_multi_strerror(code))
            transfer.finish(
                .failure(HTTPError(kind: .transport, method: transfer.method, target: transfer.target, reason: reason)))
            return
        }
        active[ObjectIdentifier(transfer)] = transfer
        logger.trace("HTTP request started", metadata: ["method": "\(transfer.method)", "target": "\(transfer.target)"])
    }

    private func abortCancelled(on multi: UnsafeMutableRawPointer) {
        for transfer in active.values where transfer.cancelRequested.load(ordering: .acquiring) {
            remove(transfer, from: multi)
            transfer.finish(.failure(transfer.cancelledError()))
        }
    }

    private func collectFinished(on multi: UnsafeMutableRawPointer) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = proxguac_curl_msg_result(message)
            var context: UnsafeMutableRawPointer?
            _ = proxguac_curl_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            remove(transfer, from: multi)
            transfer.finish(code)
        }
    }

    private func remove(_ transfer: CurlTransfer, from multi: UnsafeMutableRawPointer) {
        guard let known = active.removeValue(forKey: ObjectIdentifier(transfer)) else { return }
        _ = curl_multi_remove_handle(multi, known.easy)
    }
}
