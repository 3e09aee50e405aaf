import Foundation

/// Reads HTTP/1.1 requests from a transport, with PVE's limits (64 header lines, 8 KiB each,
/// 512 KiB body). Bodies come by Content-Length or chunked transfer encoding.
final class RequestReader {
    enum Failure: Error {
        case closed
        case malformed(String)
        case tooLarge
    }

    static let maxHeaderLines = 64
    static let maxHeaderLineBytes = 8 * 1024
    static let maxBodyBytes = 512 * 1024

    private let transport: Transport
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where each read lands before it joins `buffer` (allocated once per connection).
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)

    init(transport: Transport) { self.transport = transport }

    /// Drops leading and trailing spaces and tabs (the only blanks HTTP allows around header parts).
    static func trimmingBlanks(_ text: Substring) -> String {
        let bytes = text.utf8
        let isText: (UInt8) -> Bool = { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: isText), let last = bytes.lastIndex(where: isText) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Reads the request head; `beforeBody` may answer `100 Continue` before the body is read.
    func next(beforeBody: (HTTPRequest) -> Void) throws(Failure) -> HTTPRequest {
        let requestLine = try readLine()
        let parts = requestLine.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 3 else { throw .malformed("bad request line") }
        let (path, query) = Self.splitTarget(parts[1])
        var request = HTTPRequest(method: parts[0], path: path, query: query, version: parts[2],
                                  headers: [], body: [], wasChunked: false)
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard request.headers.count < Self.maxHeaderLines else { throw .malformed("too many headers") }
            guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("bad header line") }
            let name = Self.trimmingBlanks(line[..<colon])
            let value = Self.trimmingBlanks(line[line.utf8.index(after: colon)...])
            request.headers.append((name, value))
        }
        beforeBody(request)
        if request.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            request.wasChunked = true
            request.body = try readChunkedBody()
        } else if let lengthText = request.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { throw .malformed("bad Content-Length") }
            guard length <= Self.maxBodyBytes else { throw .tooLarge }
            request.body = try readBytes(length)
        }
        return request
    }

    private static func splitTarget(_ target: String) -> (String, String) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    private func readChunkedBody() throws(Failure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw .malformed("bad chunk size")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            guard body.count + size <= Self.maxBodyBytes else { throw .tooLarge }
            body += try readBytes(size)
            _ = try readLine()
        }
    }

    private func readLine() throws(Failure) -> String {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                compact()
                return line
            }
            guard buffer.count - start <= Self.maxHeaderLineBytes else { throw .malformed("header line too long") }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws(Failure) -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        compact()
        return bytes
    }

    private func fill() throws(Failure) {
        let received = chunk.withUnsafeMutableBytes { transport.read(into: $0.baseAddress!, count: $0.count) }
        guard received > 0 else { throw .closed }
        buffer += chunk.prefix(received)
    }

    private func compact() {
        if start > 64 * 1024 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
