import Foundation
import ProxGuacLab

/// One HTTP exchange done by the `curl` CLI over real HTTPS (headers and bodies go through files,
/// so no secret appears in argv).
struct CurlResponse {
    var exitCode: Int32
    var status: Int
    var reason: String
    var headers: [String: String]
    var body: String

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// PVE's `data` member.
    var data: Any? { object["data"] }
    var dataObject: [String: Any] { data as? [String: Any] ?? [:] }
    var dataArray: [[String: Any]] { data as? [[String: Any]] ?? [] }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

enum Curl {
    /// Runs one request; `headers` are full `Name: value` lines.
    static func request(_ url: String, method: String = "GET", headers: [String] = [], body: String? = nil,
                        caFile: String, extraArguments: [String] = []) -> CurlResponse {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labtest-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let headerFile = directory.appendingPathComponent("headers").path
        let bodyFile = directory.appendingPathComponent("body").path
        let outputFile = directory.appendingPathComponent("out").path
        try? (headers + ["Expect:"]).joined(separator: "\n").write(toFile: headerFile, atomically: true, encoding: .utf8)
        var arguments = ["-s", "-i", "-X", method, "-H", "@\(headerFile)", "-o", outputFile, "--max-time", "20"]
        arguments += caFile.isEmpty ? [] : ["--cacert", caFile]
        if let body {
            try? body.write(toFile: bodyFile, atomically: true, encoding: .utf8)
            arguments += ["--data-binary", "@\(bodyFile)"]
        }
        arguments += extraArguments + [url]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return CurlResponse(exitCode: -1, status: 0, reason: "", headers: [:], body: "") }
        process.waitUntilExit()
        let raw = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        return parse(raw, exitCode: process.terminationStatus)
    }

    /// Splits `curl -i` output into status, reason, headers and body (skipping any `100 Continue`).
    static func parse(_ raw: String, exitCode: Int32) -> CurlResponse {
        var rest = Substring(raw)
        var response = CurlResponse(exitCode: exitCode, status: 0, reason: "", headers: [:], body: "")
        while let headEnd = rest.range(of: "\r\n\r\n") {
            let head = rest[..<headEnd.lowerBound]
            rest = rest[headEnd.upperBound...]
            let lines = head.components(separatedBy: "\r\n")
            let statusParts = lines[0].split(separator: " ", maxSplits: 2).map(String.init)
            response.status = statusParts.count > 1 ? Int(statusParts[1]) ?? 0 : 0
            response.reason = statusParts.count > 2 ? statusParts[2] : ""
            response.headers = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                response.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if response.status != 100 { break }
        }
        response.body = String(rest)
        return response
    }
}

/// Talks to a lab's Proxmox side with the demo token unless told otherwise.
struct PVEClient {
    let lab: Lab
    var auth: [String] = ["Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=\(LabDemoCredentials.proxmoxTokenSecret)"]

    init(_ lab: Lab) { self.lab = lab }

    /// `root@pam` with a ticket cookie and the CSRF header (every privilege).
    static func root(_ lab: Lab) throws -> PVEClient {
        var client = PVEClient(lab)
        client.auth = []
        let login = client.send("POST", "/access/ticket",
                                form: "username=root%40pam&password=\(formEncode(LabDemoCredentials.proxmoxRootPassword))")
        guard let ticket = login.dataObject["ticket"] as? String, let csrf = login.dataObject["CSRFPreventionToken"] as? String else {
            throw LabError.scenarioInvalid("root login failed in the lab")
        }
        client.auth = ["Cookie: PVEAuthCookie=\(formEncode(ticket))", "CSRFPreventionToken: \(csrf)"]
        return client
    }

    func get(_ path: String, headers: [String] = []) -> CurlResponse {
        Curl.request(lab.proxmoxURL + "/api2/json" + path, headers: auth + headers, caFile: lab.caFile)
    }

    /// Sends a raw form body exactly as given (no client-side encoding).
    func send(_ method: String, _ path: String, form: String, headers: [String] = []) -> CurlResponse {
        Curl.request(lab.proxmoxURL + "/api2/json" + path, method: method,
                     headers: auth + ["Content-Type: application/x-www-form-urlencoded"] + headers, body: form, caFile: lab.caFile)
    }
}

/// Talks to a lab's Guacamole side with a token for `username`.
struct GuacClient {
    let lab: Lab
    let token: String

    init(_ lab: Lab, username: String = LabDemoCredentials.guacamoleAdmin,
         password: String = LabDemoCredentials.guacamoleAdminPassword) {
        self.lab = lab
        let login = Curl.request(lab.guacamoleURL + "/api/tokens", method: "POST",
                                 headers: ["Content-Type: application/x-www-form-urlencoded"],
                                 body: "username=\(username)&password=\(password)", caFile: lab.caFile)
        token = login.object["authToken"] as? String ?? ""
    }

    static let data = "/api/session/data/postgresql"

    func call(_ method: String, _ path: String, json: String? = nil) -> CurlResponse {
        Curl.request(lab.guacamoleURL + path, method: method,
                     headers: ["Guacamole-Token: \(token)"] + (json == nil ? [] : ["Content-Type: application/json"]),
                     body: json, caFile: lab.caFile)
    }
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~` (what a correct client sends).
func formEncode(_ text: String) -> String {
    text.utf8.map { byte in
        let char = Character(Unicode.Scalar(byte))
        if char.isASCII && (char.isLetter || char.isNumber || "-._~".contains(char)) { return String(char) }
        return String(format: "%%%02X", byte)
    }.joined()
}

func startDefaultLab(_ configure: (inout LabOptions) -> Void = { _ in }) throws -> Lab {
    var options = LabOptions()
    configure(&options)
    return try Lab.start(try LabScenario.defaultScenario(), options: options)
}
