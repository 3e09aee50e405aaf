import Foundation
import Testing
@testable import ProxGuacSync

private func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "proxguac-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Local files: state, lock, audit log")
struct LocalFilesTests {
    @Test("an atomic write replaces the file whole, with mode 0600, and leaves no temporary behind")
    func atomicWrite() throws {
        let dir = temporaryDirectory()
        let path = dir + "/nested/state.json"
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write(Array("second".utf8), to: path)
        #expect(try AtomicFile.read(path) == Array("second".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/nested")
        #expect(leftovers == ["state.json"])
    }

    @Test("reading a missing file gives nil, not an error")
    func readMissing() throws {
        #expect(try AtomicFile.read(temporaryDirectory() + "/absent.json") == nil)
    }

    @Test("a second run is refused while the first holds the lock, and names the holder")
    func lockIsExclusive() throws {
        let dir = temporaryDirectory()
        let first = try RunLock.acquire(directory: dir)
        do {
            _ = try RunLock.acquire(directory: dir)
            Issue.record("second acquire should have failed")
        } catch let held as RunLock.Held {
            #expect(held.description.contains("pid \(getpid())"))
        }
        first.release()
        let again = try RunLock.acquire(directory: dir)
        again.release()
    }

    @Test("audit records are JSON lines with field names and no values")
    func auditLines() throws {
        let path = temporaryDirectory() + "/audit.jsonl"
        let log = try AuditLog(path: path)
        log.append(AuditRecord(action: "update", target: "pve:101:rdp:admin", fields: ["password", "port"], result: "ok"))
        log.append(AuditRecord(action: "delete", target: "guac:12", result: "failed", message: "HTTP 500"))
        let lines = String(decoding: try AtomicFile.read(path) ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONDecoder().decode(AuditRecord.self, from: Data(lines[0].utf8))
        #expect(first.fields == ["password", "port"])
        #expect(first.action == "update")
    }
}
