import Foundation
import Glibc
import ProxGuacCore

/// What `proxguac init` writes: secret files (0600) and the commented config (0600), each atomically.
struct InitFiles {
    struct Answers {
        var proxmoxURL: String
        var proxmoxFingerprint: String?
        var tokenID: String
        var tokenSecretFile: String
        var guacamoleURL: String
        var guacamoleFingerprint: String?
        var guacamoleUser: String
        var guacamolePasswordFile: String
        var totpSecretFile: String?
    }

    /// The config text: JSON whose `"//…"` members are comments (the parser skips them).
    static func configText(_ answers: Answers, date: Date = Date()) -> String {
        func comment(_ text: String, _ key: String = "//") -> JSONMember { JSONMember(key, .string(text)) }
        func tls(_ fingerprint: String?, _ what: String) -> JSONMember {
            guard let fingerprint else {
                return JSONMember("tls", .object([
                    comment("\(what) is trusted by the system CA store: chain and host name are checked, so a renewal needs no change here."),
                ]))
            }
            return JSONMember("tls", .object([
                comment("\(what) is not trusted by the system CA store: pinned after its fingerprint was confirmed. A renewed certificate needs the new fingerprint here."),
                JSONMember("fingerprint", .string(fingerprint)),
            ]))
        }
        var guacamole: [JSONMember] = [
            comment("a Guacamole service account with CREATE_CONNECTION and CREATE_CONNECTION_GROUP (or ADMINISTER); the password is in its own 0600 file"),
            JSONMember("url", .string(answers.guacamoleURL)),
            JSONMember("username", .string(answers.guacamoleUser)),
            JSONMember("passwordFile", .string(answers.guacamolePasswordFile)),
            tls(answers.guacamoleFingerprint, "The Guacamole certificate"),
        ]
        if let totp = answers.totpSecretFile {
            guacamole += [
                comment("the account's TOTP key (base32) for Guacamole's TOTP extension; SHA-1, 6 digits, 30 s unless totpAlgorithm/totpDigits/totpPeriod say otherwise", "//totp"),
                JSONMember("totpSecretFile", .string(totp)),
            ]
        }
        let stamp = ISO8601DateFormatter().string(from: date)
        let document = JSONValue.object([
            comment("proxguac configuration written by `proxguac init` on \(stamp). Every key: docs/configuration.md. Members named // are comments."),
            JSONMember("proxmox", .object([
                comment("an API token of the least-privilege ProxGuac role (docs/proxmox-token.md); the secret is in its own 0600 file"),
                JSONMember("url", .string(answers.proxmoxURL)),
                JSONMember("tokenId", .string(answers.tokenID)),
                JSONMember("tokenSecretFile", .string(answers.tokenSecretFile)),
                tls(answers.proxmoxFingerprint, "The Proxmox VE certificate"),
            ])),
            JSONMember("guacamole", .object(guacamole)),
        ])
        return JSONWriter.pretty(document)
    }

    struct WriteFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `text` to `path` with mode 0600 via a temporary file and `rename`; refuses to replace an
    /// existing file unless `overwrite`.
    static func writePrivate(_ text: String, to path: String, overwrite: Bool) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.usage("init: \(path) exists; pass --force to replace it")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw CommandFailure("init: cannot create \(directory) (\(String(cString: strerror(errno))))")
            }
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CommandFailure("init: cannot write \(path) (\(String(cString: strerror(errno))))") }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandFailure("init: cannot write \(path) (\(reason))")
        }
    }

    /// The `pveum` lines that create the role, the user, the token and their ACLs for `tokenID` (`user@realm!name`).
    static func pveumLines(tokenID: String) -> [String] {
        let parts = tokenID.split(separator: "!", maxSplits: 1).map(String.init)
        let user = parts.first ?? "proxguac@pve"
        let token = parts.count > 1 ? parts[1] : "sync"
        return [ProxmoxPrivilegeRequirements.roleAddCommand(pveMajor: nil) + "   # PVE 7/8: VM.Monitor instead of VM.GuestAgent.Audit",
                "pveum user add \(user) --comment \"proxguac sync\""]
            + ProxmoxPrivilegeRequirements.aclCommands(userID: user, tokenID: nil)
            + ["pveum user token add \(user) \(token) --privsep 1 --comment \"proxguac\"   # prints the secret once"]
            + ["pveum acl modify /vms --tokens '\(tokenID)' --roles ProxGuac"]
    }
}
