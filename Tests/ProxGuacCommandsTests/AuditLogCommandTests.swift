import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// The audit log as an admin reads it after a day of changes: every command that changes something
/// leaves a JSON line (names of fields only), in the file `--audit-log` names.
@Suite("proxguac audit log")
struct AuditLogCommandTests {
    private struct Record: Decodable {
        var action: String
        var target: String
        var fields: [String]
        var result: String
    }

    private func records(_ path: String) throws -> [Record] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    @Test("auto, delete and encrypt-notes each append records to --audit-log; field names only, never a password")
    func everyChangeIsRecorded() throws {
        try CLILab.with { setup in
            try setup.useNewKey()
            let log = setup.directory.path + "/custom-audit.jsonl"

            #expect(try setup.run(["auto", "--audit-log", log]).status == 0)
            // Each change: an intent record first, then its result.
            let created = try records(log).filter { $0.action == "create-connection" && $0.result != "intent" }
            let web = try #require(created.first { $0.target.contains("pve:101:ssh:deploy") })
            #expect(web.result == "ok")
            #expect(web.fields.contains("hostname") && web.fields.contains("password"), "\(web.fields)")

            let target = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            #expect(try setup.run(["delete", "--connection", target.identifier, "--yes", "--audit-log", log]).status == 0)
            #expect(try records(log).contains { $0.action == "delete" && $0.target.contains(target.identifier) && $0.result == "ok" })

            #expect(try setup.run(["encrypt-notes", "--vmid", "101", "--audit-log", log]).status == 0)
            let encrypted = try #require(try records(log).first { $0.action == "encrypt-notes" })
            #expect(encrypted.target.contains("101") && encrypted.fields == ["encrypted_password"])

            let text = try String(contentsOfFile: log, encoding: .utf8)
            for secret in ["Tr1cky", "pg-secret"] {
                #expect(!text.contains(secret), "the audit log holds a password")
            }
            #expect(!FileManager.default.fileExists(atPath: setup.directory.path + "/config.state/audit.jsonl"),
                    "--audit-log replaces the default location")
        }
    }
}
