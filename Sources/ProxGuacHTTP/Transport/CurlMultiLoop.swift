internal import CProxGuacCurl
import Foundation
import Logging
import Synchronization

/// `curl_global_init` runs once per process, before the first handle exists (lazy global = swift_once).
private let curlGlobalInit: CURLcode = {
    OpenSSLLifetime.keepUntilExit()  // in case the program's `main` did not (tests): before curl initialises OpenSSL
    return curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

/// Loops whose thread still runs, for ``CurlMultiLoop/stopAllBeforeExit()``.
private let runningLoops = Mutex<[ObjectIdentifier: CurlMultiLoop]>([:])

/// Closes every loop's connections at exit (see ``CurlMultiLoop/stopAllBeforeExit()``).
private let exitBarrier: Void = { atexit { CurlMultiLoop.stopAllBeforeExit() } }()

/// The one curl multi handle and the thread that owns it.
///
/// Callers hand over transfers through `inbox` and wake the thread through an eventfd (thread-safe); the thread
/// adds them, lets curl act on the sockets epoll reports ready (`curl_multi_socket_action`, see `events.h`: no
/// per-transfer poll on every wake-up as with `curl_multi_perform`), and resumes each transfer's continuation
/// when curl reports it done. Nothing else touches the multi handle or the easy handles it holds.
final class CurlMultiLoop: @unchecked Sendable {
    struct Limits: Sendable, Equatable {
        var maxConnectionsPerHost: Int
        var maxConnections: Int

        /// These limits when sources (e.g. clusters, each on its own host) ask for `perSource` connections each:
        /// the per-host limit fits the largest, and the total holds all of them. The configured total holds one
        /// host's worth (the first source's) besides everything else (Guacamole).
        func raised(to perSource: [Int]) -> Limits {
            let sources = perSource.reduce(0) { $0 + max($1, maxConnectionsPerHost) }
            return Limits(maxConnectionsPerHost: max(maxConnectionsPerHost, perSource.max() ?? 0),
                          maxConnections: maxConnections - maxConnectionsPerHost + max(sources, maxConnectionsPerHost))
        }
    }

    private struct Inbox {
        var pending: [CurlTransfer] = []
        /// Raised limits for the loop thread to apply (`raise(_:)`).
        var limits: Limits?
        var stopRequested = false
        /// A transfer was marked cancelled since the thread last looked.
        var cancelRequested = false
        /// A wake-up is on its way that the thread has not yet answered by reading the inbox: no need for another
        /// (a burst of submits costs one write to the eventfd, not one each).
        var wakeSent = false
        /// Set by the thread, under the lock, before it frees the multi handle: nobody may wake it after.
        var closed = false
    }

    private let multi: UnsafeMutableRawPointer?
    /// The epoll set, the wake-up eventfd and curl's timer (`events.h`); valid while `multi` is.
    private let events = UnsafeMutablePointer<proxguac_curl_events>.allocate(capacity: 1)
    private let inbox = Mutex(Inbox())
    private let logger: Logger
    // Loop thread only:
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var tlsByOrigin: [String: TLSOptions] = [:]
    private let configured: Limits
    /// Signalled when the loop thread has cleaned up (every connection closed).
    private let finished = DispatchSemaphore(value: 0)
    /// The per-host limit each caller of `raise(perHost:for:)` asked for, by what it reads (e.g. one cluster).
    private let raisedBySource = Mutex<[String: Int]>([:])

    init(limits: Limits, logger: Logger) {
        self.logger = logger
        configured = limits
        var multi = curlGlobalInit == CURLE_OK ? curl_multi_init() : nil
        if let opened = multi, proxguac_curl_events_open(opened, events) != 0 {
            curl_multi_cleanup(opened)
            multi = nil
        }
        self.multi = multi
        if multi != nil {
            _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, limits.maxConnectionsPerHost))
            _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, limits.maxConnections))
            // Idle connections kept for reuse: all of them (curl's default, 4 × the transfers running, closes
            // connections whenever few transfers run, and the next burst pays a TLS handshake for each).
            _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, limits.maxConnections))
            exitBarrier
            runningLoops.withLock { $0[ObjectIdentifier(self)] = self }
            let thread = Thread { [self] in run() }
            thread.name = "proxguac-curl"
            thread.start()
        } else {
            inbox.withLock { $0.closed = true }
        }
    }

    deinit { events.deallocate() }

    /// Hands a transfer to the loop; it finishes with `.cancelled` if the loop has shut down.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.closed, !state.stopRequested, multi != nil else { return false }
            state.pending.append(transfer)
            wake(&state)
            return true
        }
        if !accepted { transfer.finish(.failure(transfer.cancelledError())) }
    }

    /// Allows at least `perHost` connections to the host `source` reads (never fewer than configured), and as
    /// many more in total: each Proxmox cluster's loader calls it once it knows how many nodes it will read at
    /// once. The connections of several sources add up (three clusters read at once need three clusters'
    /// connections: with fewer, curl closes one host's connections to open another's, a TLS handshake each).
    /// A loop limited to one connection overall (`--concurrency 1`) stays so.
    func raise(perHost: Int, for source: String) {
        guard configured.maxConnections > 1 else { return }
        let raised = raisedBySource.withLock { raised -> Limits? in
            guard perHost > (raised[source] ?? configured.maxConnectionsPerHost) else { return nil }
            raised[source] = perHost
            return configured.raised(to: Array(raised.values))
        }
        guard let raised else { return }
        inbox.withLock { state in
            state.limits = raised
            wake(&state)
        }
    }

    /// Marks a transfer cancelled; the loop removes it at its next turn.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        inbox.withLock { state in
            state.cancelRequested = true
            wake(&state)
        }
    }

    /// Stops the thread once; called when the owning transport goes away.
    func shutdown() {
        inbox.withLock { state in
            state.stopRequested = true
            wake(&state)
        }
    }

    /// Under the inbox lock: wakes the thread unless it is closed or a wake-up is already on its way.
    private func wake(_ state: inout Inbox) {
        guard !state.closed, !state.wakeSent else { return }
        state.wakeSent = true
        proxguac_curl_events_wake(events)
    }

    // MARK: - Loop thread

    private func run() {
        guard let multi else { return }
        while true {
            let (arrivals, limits, cancelled, stop) = inbox.withLock { state in
                defer { (state.pending, state.limits, state.cancelRequested, state.wakeSent) = ([], nil, false, false) }
                return (state.pending, state.limits, state.cancelRequested, state.stopRequested)
            }
            if stop { break }
            if let limits {
                _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limits.maxConnectionsPerHost)
                _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limits.maxConnections)
                _ = proxguac_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, limits.maxConnections)
            }
            arrivals.forEach { start($0, on: multi) }
            if cancelled { abortCancelled(on: multi) }
            proxguac_curl_events_step(multi, events, 1000)
            collectFinished(on: multi)
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
        proxguac_curl_events_close(events)
        runningLoops.withLock { $0[ObjectIdentifier(self)] = nil }
        finished.signal()
    }

    /// Stops every loop and waits (at most 2 s) until each has closed its connections (a TLS close_notify to each
    /// server instead of a connection dropped by the kernel). Runs from `atexit`. OpenSSL itself is never torn
    /// down at exit (``OpenSSLLifetime``): a loop still closing when the wait ends cannot crash the process.
    static func stopAllBeforeExit() {
        let loops = runningLoops.withLock { Array($0.values) }
        for loop in loops { loop.shutdown() }
        for loop in loops { _ = loop.finished.wait(timeout: .now() + .seconds(2)) }
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
