import Logging
import ProxGuacCommands
import ProxGuacCore
import Synchronization
import Testing
import Foundation

/// Collects the lines a log handler writes.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var write: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
}

@Suite("Logging: stderr lines, JSON lines and secret redaction")
struct LoggingTests {
    func logger(_ format: LogFormat, redactor: SecretRedactor, level: Logger.Level = .info) -> (Logger, CapturedLines) {
        let captured = CapturedLines()
        let handler = StderrLogHandler(label: "test", level: level, format: format, redactor: redactor, write: captured.write)
        return (Logger(label: "test", factory: { _ in handler }), captured)
    }

    @Test("a known secret is redacted in messages and metadata, in text and JSON", arguments: [LogFormat.text, .json])
    func redaction(format: LogFormat) throws {
        let redactor = SecretRedactor()
        redactor.register(Secret("tok-3f9a-secret"))
        let (logger, captured) = logger(format, redactor: redactor)
        logger.info("login with tok-3f9a-secret failed", metadata: [
            "header": "PVEAPIToken=a@pve!x=tok-3f9a-secret",
            "nested": .dictionary(["list": .array(["tok-3f9a-secret", "fine"])]),
        ])
        let line = try #require(captured.all.first)
        #expect(!line.contains("tok-3f9a-secret"))
        #expect(line.contains("<redacted>"))
        #expect(line.contains("fine"))
        #expect(line.hasSuffix("\n") && line.filter { $0 == "\n" }.count == 1)
    }

    @Test("JSON lines carry time, level, label, message and metadata")
    func jsonLine() throws {
        let (logger, captured) = logger(.json, redactor: SecretRedactor())
        logger.warning("guest skipped", metadata: ["vmid": "101"])
        let line = try #require(captured.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "test")
        #expect(object["message"] as? String == "guest skipped")
        #expect((object["metadata"] as? [String: String]) == ["vmid": "101"])
        #expect((object["time"] as? String)?.isEmpty == false)
    }

    @Test("text lines show level, label, message and sorted metadata on one line")
    func textLine() throws {
        let (logger, captured) = logger(.text, redactor: SecretRedactor())
        logger.error("sync failed\nsecond line", metadata: ["z": "1", "a": "2"])
        let line = try #require(captured.all.first)
        #expect(line.hasSuffix(" error test: sync failed second line a=2 z=1\n"))
    }

    @Test("messages below the level are dropped")
    func level() {
        let (logger, captured) = logger(.text, redactor: SecretRedactor(), level: .warning)
        logger.info("quiet")
        logger.debug("quieter")
        logger.warning("loud")
        #expect(captured.all.count == 1)
    }

    @Test("short secrets are only redacted as whole values, so common letters survive")
    func shortSecrets() {
        let redactor = SecretRedactor()
        redactor.register(Secret("ab"))
        redactor.register(Secret(""))
        #expect(redactor.redact("ab") == "<redacted>")
        #expect(redactor.redact("about abc") == "about abc")
    }

    @Test("the longest secret is replaced first when one contains another")
    func overlappingSecrets() {
        let redactor = SecretRedactor()
        redactor.register([Secret("pass"), Secret("password123")])
        #expect(redactor.redact("x=password123 y=pass") == "x=<redacted> y=<redacted>")
    }
}
