import ArgumentParser
import Foundation
import Glibc
import ProxGuacCore

/// `proxguac init`: the first-run wizard. Asks for both URLs, checks each certificate against the system CA store
/// (pinning a fingerprint only when that fails and the user confirmed it), takes the secrets with hidden input
/// into 0600 files, prints the `pveum` lines, writes a commented config and runs `test-auth`.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "First run: ask for the servers and secrets, write a commented config, run test-auth.",
        discussion: """
        Each server's certificate is checked against the system CA store first; only when the store does not trust \
        it (a self-signed Proxmox VE node) is its SHA-256 fingerprint shown for you to compare and pinned. A publicly \
        trusted Guacamole is never pinned, so certificate renewals do not break the timer. Secrets are typed without \
        echo and written to 0600 files next to the config (never to the config, the screen or the command line). \
        Without a terminal, or with --non-interactive, nothing is asked: give the URLs, the token id and the user as \
        options, the secrets in PROXGUAC_PROXMOX_TOKEN_SECRET, PROXGUAC_GUACAMOLE_PASSWORD and (optional) \
        PROXGUAC_GUACAMOLE_TOTP_SECRET, and confirm a certificate that must be pinned with --proxmox-fingerprint / \
        --guacamole-fingerprint. Exit code: test-auth's (0 when everything needed is granted), 2 for bad answers.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Where to write the config (default: /etc/proxguac/config.json as root, else ~/.config/proxguac/config.json); the secret files go next to it.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Proxmox VE URL, e.g. https://pve.example.org:8006.", valueName: "url"))
    var proxmoxURL: String?

    @Option(name: .long, help: ArgumentHelp("Proxmox VE API token id (user@realm!name).", valueName: "id"))
    var tokenId: String?

    @Option(name: .long, help: ArgumentHelp("Guacamole URL, e.g. https://guac.example.org/guacamole.", valueName: "url"))
    var guacamoleURL: String?

    @Option(name: .long, help: ArgumentHelp("Guacamole service account.", valueName: "name"))
    var guacamoleUser: String?

    @Option(name: .long, help: ArgumentHelp("The Proxmox VE certificate's SHA-256 you compared (pinned only if the system store does not trust it).", valueName: "AB:CD:..."))
    var proxmoxFingerprint: String?

    @Option(name: .long, help: ArgumentHelp("The Guacamole certificate's SHA-256 you compared (pinned only if the system store does not trust it).", valueName: "AB:CD:..."))
    var guacamoleFingerprint: String?

    @Flag(name: .long, help: "Ask nothing; take every answer from the options and the environment.")
    var nonInteractive = false

    @Flag(name: .long, help: "Replace an existing config and secret files.")
    var force = false

    @Flag(name: .long, help: "Do not run test-auth after writing the config.")
    var skipTestAuth = false

    func run() async throws {
        try await withErrorReporting {
            let environment = ProcessInfo.processInfo.environment
            let prompter = InitPrompter(interactive: !nonInteractive && isatty(STDIN_FILENO) == 1)
            if !prompter.interactive {
                let missing = [("--proxmox-url", proxmoxURL), ("--guacamole-url", guacamoleURL)].filter { $0.1 == nil }.map(\.0)
                    + [SecretEnvironment.proxmoxTokenSecret, SecretEnvironment.guacamolePassword].filter { (environment[$0] ?? "").isEmpty }
                guard missing.isEmpty else {
                    throw CommandFailure.usage("init without a terminal needs \(missing.joined(separator: ", ")); see proxguac init --help")
                }
            }
            // Absolute, so the config names its secret files wherever it is read from.
            let path = URL(fileURLWithPath: output ?? Self.defaultOutput(environment)).standardizedFileURL.path
            let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            if !force && FileManager.default.fileExists(atPath: path) {
                throw CommandFailure.usage("init: \(path) exists; pass --force to replace it (or --output another file)")
            }

            let proxmox = try Self.url(proxmoxURL ?? prompter.ask("Proxmox VE URL (https://host:8006)"), what: "Proxmox VE", suffix: "/api2/json")
            print("Checking the Proxmox VE certificate against the system CA store…")
            let proxmoxPin = try await pin(for: proxmox + "/api2/json/version", what: "Proxmox VE", given: proxmoxFingerprint,
                                           option: "--proxmox-fingerprint", where: "on the node: pvenode cert info (or Datacenter > node > System > Certificates)",
                                           prompter: prompter)
            let token = try tokenId ?? (prompter.interactive ? prompter.ask("Proxmox VE API token id", default: "proxguac@pve!sync") : "proxguac@pve!sync")
            guard ProxmoxTokenID(token) != nil else { throw CommandFailure.usage("init: \"\(token)\" is not a token id; use user@realm!tokenname") }
            print("\nOn a Proxmox VE node, as root, create the least-privilege role, user and token (skip what exists):")
            for line in InitFiles.pveumLines(tokenID: token) { print("  " + line) }
            print("")
            let tokenSecret = try environment[SecretEnvironment.proxmoxTokenSecret].flatMap { $0.isEmpty ? nil : $0 }
                ?? prompter.askSecret("Token secret (input hidden)")

            let guacamole = try Self.url(guacamoleURL ?? prompter.ask("Guacamole URL (https://host/guacamole)"), what: "Guacamole", suffix: "/api")
            print("Checking the Guacamole certificate against the system CA store…")
            let guacamolePin = try await pin(for: guacamole + "/api/languages", what: "Guacamole", given: guacamoleFingerprint,
                                             option: "--guacamole-fingerprint", where: "on the Guacamole server (or its proxy): openssl x509 -noout -fingerprint -sha256 -in CERT",
                                             prompter: prompter)
            let user = try guacamoleUser ?? (prompter.interactive ? prompter.ask("Guacamole service account", default: "proxguac") : "proxguac")
            let password = try environment[SecretEnvironment.guacamolePassword].flatMap { $0.isEmpty ? nil : $0 }
                ?? (try prompter.askSecret("Password of \(user) (input hidden)"))
            var totp = environment[SecretEnvironment.guacamoleTOTPSecret] ?? ""
            if totp.isEmpty && prompter.interactive {
                totp = try prompter.askSecret("TOTP key of \(user), base32, if Guacamole asks it for a code (input hidden; empty: none)", optional: true)
            }
            if !totp.isEmpty, (Base32.decode(totp)?.count ?? 0) < 10 {
                throw CommandFailure.usage("init: the TOTP key is not base32 of at least 80 bits; use the key Guacamole showed at enrolment")
            }

            let answers = InitFiles.Answers(
                proxmoxURL: proxmox, proxmoxFingerprint: proxmoxPin, tokenID: token, tokenSecretFile: directory + "/proxmox-token-secret",
                guacamoleURL: guacamole, guacamoleFingerprint: guacamolePin, guacamoleUser: user,
                guacamolePasswordFile: directory + "/guacamole-password",
                totpSecretFile: totp.isEmpty ? nil : directory + "/guacamole-totp-secret")
            try InitFiles.writePrivate(tokenSecret + "\n", to: answers.tokenSecretFile, overwrite: force)
            try InitFiles.writePrivate(password + "\n", to: answers.guacamolePasswordFile, overwrite: force)
            if let totpFile = answers.totpSecretFile { try InitFiles.writePrivate(totp + "\n", to: totpFile, overwrite: force) }
            try InitFiles.writePrivate(InitFiles.configText(answers), to: path, overwrite: force)
            print("Wrote \(path) and the secret files next to it (mode 0600).")
            guard !skipTestAuth else { return }
            print("\nRunning proxguac test-auth --config \(path):")
            fflush(nil)  // our lines before the child's
            let status = try Self.runTestAuth(config: path)
            guard status == 0 else {
                throw CommandFailure("the config is written; test-auth found problems (above): fix them and run proxguac test-auth --config \(path)",
                                     exitCode: status)
            }
        }
    }

    /// nil when the system store trusts the server; else the confirmed fingerprint to pin.
    private func pin(for url: String, what: String, given: String?, option: String, where howToCompare: String,
                     prompter: InitPrompter) async throws -> String? {
        switch try await CertificateCheck.check(url) {
        case .trustedBySystem:
            print("  trusted by the system CA store: not pinned (renewals need no change).")
            if given != nil { print("  (\(option) is not used: a certificate the system trusts is never pinned.)") }
            return nil
        case .untrusted(let fingerprint, let reason):
            print("  not trusted by the system CA store (\(reason)).")
            if let given {
                guard CertificateFingerprint(given.trimmingCharacters(in: .whitespaces))?.description == fingerprint else {
                    throw CommandFailure.usage("init: the \(what) server sent the certificate \(fingerprint), not the \(option) given; nothing written")
                }
                print("  pinning \(fingerprint) (matches \(option)).")
                return fingerprint
            }
            guard prompter.interactive else {
                throw CommandFailure.usage("init: the \(what) certificate is not trusted by the system CA store; its SHA-256 is \(fingerprint): compare it \(howToCompare) and pass \(option) \(fingerprint)")
            }
            print("  Its SHA-256 fingerprint is\n    \(fingerprint)\n  Compare it \(howToCompare).")
            guard try prompter.confirm("  Is it the same, and should proxguac pin it?") else {
                throw CommandFailure.usage("init: the \(what) certificate was not confirmed; nothing written")
            }
            return fingerprint
        }
    }

    /// `https://…` without trailing slashes and without the API suffix.
    static func url(_ text: String, what: String, suffix: String) throws -> String {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(suffix) { url.removeLast(suffix.count) }
        guard url.lowercased().hasPrefix("https://"), URL(string: url)?.host != nil else {
            throw CommandFailure.usage("init: the \(what) URL \"\(text)\" is not an https:// URL")
        }
        return url
    }

    static func defaultOutput(_ environment: [String: String]) -> String {
        if getuid() == 0 { return ConfigLoader.systemPath }
        let home = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? ".") + "/.config"
        return home + "/proxguac/config.json"
    }

    /// Runs this binary's `test-auth` on the new config, output to this terminal; its exit status.
    static func runTestAuth(config: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = ["test-auth", "--config", config]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
