import Foundation
import Glibc
import Synchronization

/// How one emulated product's web server behaves at the HTTP level.
struct ServerBehaviour: Sendable {
    /// Tomcat answers `Expect: 100-continue`; pveproxy never does.
    var sendsContinue: Bool
    /// pveproxy keeps a connection for at most 100 requests.
    var maxRequestsPerConnection: Int
    /// pveproxy closes the connection after every status ≥ 400; Tomcat keeps it.
    var closesOnError: Bool
    /// Headers added to every answer (e.g. `Server: pve-api-daemon/3.0`).
    var fixedHeaders: [(name: String, value: String)]
}

/// A small HTTP/1.1 server: one thread per connection (at most 256 at once), keep-alive,
/// optional TLS, listening on 127.0.0.1 only.
final class HTTPServer: Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    static let maxConnections = 256

    let port: Int
    private let listener: SocketListener
    private let identity: TLSIdentity?
    private let behaviour: ServerBehaviour
    private let handler: Handler
    private let slots = DispatchSemaphore(value: HTTPServer.maxConnections)
    private let openSockets = LabLock<Set<Int32>>([])
    private let stopped = Atomic<Bool>(false)
    private let accepted = Atomic<Int>(0)
    private let dateCache = LabLock<(second: time_t, text: String)>((-1, ""))

    init(port: Int, identity: TLSIdentity?, behaviour: ServerBehaviour, handler: @escaping Handler) throws(LabError) {
        listener = try SocketListener(port: port)
        self.port = listener.port
        self.identity = identity
        self.behaviour = behaviour
        self.handler = handler
    }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// Connections accepted so far (each a TCP connection, and with TLS a handshake).
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }

    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "lab-accept-\(port)"
        thread.start()
    }

    /// Closes the listener and every open connection; hung requests end too.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        listener.shutdownAndClose()
        openSockets.withLock { sockets in
            for fd in sockets { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while !isStopped {
            slots.wait()
            guard let client = listener.accept(), !isStopped else {
                slots.signal()
                return
            }
            accepted.add(1, ordering: .relaxed)
            openSockets.withLock { _ = $0.insert(client) }
            let thread = Thread { [self] in
                serve(fd: client)
                openSockets.withLock { _ = $0.remove(client) }
                slots.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(fd: Int32) {
        let transport: Transport
        if let identity {
            guard let tls = TLSTransport(fd: fd, identity: identity) else {
                Glibc.close(fd)
                return
            }
            transport = tls
        } else {
            transport = PlainTransport(fd: fd)
        }
        let reader = RequestReader(transport: transport)
        var served = 0
        while !isStopped {
            let request: HTTPRequest
            do {
                request = try reader.next { head in
                    if behaviour.sendsContinue, head.header("Expect")?.lowercased() == "100-continue" {
                        _ = transport.writeAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                    }
                }
            } catch .tooLarge {
                _ = transport.writeAll(serialize(HTTPResponse(status: 501, reason: "for data too large"), close: true))
                break
            } catch .malformed {
                _ = transport.writeAll(serialize(HTTPResponse(status: 400, reason: "Bad Request"), close: true))
                break
            } catch {
                break
            }
            served += 1
            let response = handler(request)
            switch response.action {
            case .hang:
                holdUntilClientLeaves(fd: fd)
                transport.close()
                return
            case .reset:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                Glibc.close(fd)
                return
            case .answer:
                let close = response.closeConnection || (behaviour.closesOnError && response.status >= 400)
                    || served >= behaviour.maxRequestsPerConnection
                    || request.header("Connection")?.lowercased() == "close"
                guard transport.writeAll(serialize(response, close: close)), !close else { break }
            }
        }
        transport.close()
    }

    /// Waits (without answering) until the peer closes the connection or the lab stops. Whatever the peer
    /// sends meanwhile (a TLS close_notify, a pipelined request) is read and dropped, so its end is seen.
    private func holdUntilClientLeaves(fd: Int32) {
        var discard = [UInt8](repeating: 0, count: 4096)
        while !isStopped {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollFD, 1, 100)
            if ready > 0 {
                if pollFD.revents & Int16(POLLHUP | POLLERR) != 0 { return }
                let read = recv(fd, &discard, discard.count, Int32(MSG_DONTWAIT))
                if read == 0 || (read < 0 && errno != EAGAIN && errno != EINTR) { return }
            }
        }
    }

    /// The status line, the headers and the body in one buffer, written straight into bytes.
    private func serialize(_ response: HTTPResponse, close: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + response.body.count)
        func add(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func addHeader(_ name: String, _ value: String) {
            add(name)
            bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            add(value)
            bytes.append(contentsOf: [13, 10])
        }
        add("HTTP/1.1 ")
        add(String(response.status))
        bytes.append(UInt8(ascii: " "))
        // The reason phrase up to its first line break (a failure's message may have several lines).
        let reason = response.reason.utf8
        if reason.contains(where: { $0 == 13 || $0 == 10 }) {
            add(response.reason.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).first.map(String.init) ?? "")
        } else {
            add(response.reason)
        }
        bytes.append(contentsOf: [13, 10])
        for (name, value) in behaviour.fixedHeaders { addHeader(name, value) }
        for (name, value) in response.headers { addHeader(name, value) }
        addHeader("Date", httpDate())
        addHeader("Content-Length", String(response.body.count))
        addHeader("Connection", close ? "close" : "Keep-Alive")
        bytes.append(contentsOf: [13, 10])
        bytes.append(contentsOf: response.body)
        return bytes
    }

    /// The `Date` header value, formatted once per second.
    private func httpDate() -> String {
        let now = time(nil)
        return dateCache.withLock { cache in
            if cache.second != now { cache = (now, Self.httpDate(now)) }
            return cache.text
        }
    }

    private static func httpDate(_ second: time_t) -> String {
        var now = second
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
