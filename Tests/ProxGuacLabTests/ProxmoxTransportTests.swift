import Foundation
import ProxGuacLab
import Testing

@Suite("Proxmox transport and auth")
struct ProxmoxTransportTests {
    @Test("success answers are {\"data\":…} JSON with PVE's content type")
    func envelope() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let response = PVEClient(lab).get("/version")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json;charset=UTF-8")
        #expect(response.dataObject["release"] as? String == "9.1")
        #expect(response.header("Server") == "pve-api-daemon/3.0")
    }

    @Test("a wrong token secret gets 401 with an empty body and the reason in the status line")
    func badTokenIs401WithoutBody() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        var client = PVEClient(lab)
        client.auth = ["Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=wrong-secret"]
        let response = client.get("/cluster/resources")
        #expect(response.status == 401)
        #expect(response.reason == "Authentication failed!")
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(response.header("Connection") == "close")
    }

    @Test("older PVE profiles give the detailed 401 reason; no credentials gives 'No ticket'")
    func detailedAuthReasons() throws {
        let lab = try startDefaultLab { $0.proxmoxVersion = "8.2" }
        defer { lab.stop() }
        var client = PVEClient(lab)
        client.auth = ["Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=wrong-secret"]
        #expect(client.get("/version").reason == "invalid token value!")
        client.auth = []
        #expect(client.get("/version").reason == "No ticket")
    }

    @Test("unknown paths and wrong methods get 501 naming the path without /api2/json")
    func unknownPathIs501() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let unknown = client.get("/nodes/pve1/qemu/100/agent/foo")
        #expect(unknown.status == 501)
        #expect(unknown.reason == "Method 'GET /nodes/pve1/qemu/100/agent/foo' not implemented")
        #expect(unknown.object["message"] as? String == "Method 'GET /nodes/pve1/qemu/100/agent/foo' not implemented\n")
        #expect(client.get("/nodes/pve1/qemu/100/agent/ping").status == 501)
        #expect(client.send("POST", "/nodes/pve1/lxc/200/config", form: "description=x").status == 501)
    }

    @Test("error bodies carry 'message' only in profiles with http-server 5.2")
    func messageDependsOnProfile() throws {
        let lab = try startDefaultLab { $0.proxmoxVersion = "8.0" }
        defer { lab.stop() }
        let response = PVEClient(lab).get("/nodes/pve1/qemu/999/config")
        #expect(response.status == 500)
        #expect(response.reason == "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist")
        #expect(response.object.keys.sorted() == ["data"])
    }

    @Test("chunked request bodies are refused with 501 like pveproxy does")
    func chunkedIsRefused() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let response = PVEClient(lab).send("PUT", "/nodes/pve1/qemu/100/config", form: "description=x",
                                           headers: ["Transfer-Encoding: chunked"])
        #expect(response.status == 501)
        #expect(response.reason == "chunked transfer encoding not supported")
        #expect(lab.notes(vmid: 100)?.hasPrefix("# Front-office desktop") == true)
    }

    @Test("ticket login works and ticket writes need the CSRF header; token writes do not")
    func ticketAndCSRF() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        var client = PVEClient(lab)
        client.auth = []
        let login = client.send("POST", "/access/ticket",
                                form: "username=root%40pam&password=\(formEncode(LabDemoCredentials.proxmoxRootPassword))")
        let ticket = try #require(login.dataObject["ticket"] as? String)
        let csrf = try #require(login.dataObject["CSRFPreventionToken"] as? String)
        #expect(ticket.hasPrefix("PVE:root@pam:"))
        client.auth = ["Cookie: PVEAuthCookie=\(formEncode(ticket))"]
        #expect(client.get("/cluster/resources?type=vm").dataArray.count == 10)
        let withoutCSRF = client.send("PUT", "/nodes/pve3/qemu/105/config", form: "description=changed")
        #expect(withoutCSRF.status == 401)
        #expect(withoutCSRF.reason == "Permission denied - invalid csrf token")
        let withCSRF = client.send("PUT", "/nodes/pve3/qemu/105/config", form: "description=changed",
                                   headers: ["CSRFPreventionToken: \(csrf)"])
        #expect(withCSRF.status == 200)
        #expect(lab.notes(vmid: 105) == "changed")
    }

    @Test("a wrong password gets 401 'authentication failure' with a JSON body")
    func wrongPassword() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        var client = PVEClient(lab)
        client.auth = []
        let response = client.send("POST", "/access/ticket", form: "username=root%40pam&password=nope")
        #expect(response.status == 401)
        #expect(response.reason == "authentication failure")
        #expect(response.object.keys.contains("data"))
    }

    @Test("the certificate fingerprint matches the CA file, /nodes and plain HTTP works when asked")
    func certificateAndPlainHTTP() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let nodes = PVEClient(lab).get("/nodes").dataArray
        #expect(nodes.map { $0["ssl_fingerprint"] as? String } == [lab.fingerprint, lab.fingerprint, lab.fingerprint])
        #expect(lab.fingerprint.split(separator: ":").count == 32)
        #expect(lab.proxmoxURL.hasPrefix("https://127.0.0.1:"))
        let pem = try String(contentsOfFile: lab.caFile, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))

        let plain = try startDefaultLab { $0.useTLS = false }
        defer { plain.stop() }
        #expect(plain.proxmoxURL.hasPrefix("http://127.0.0.1:"))
        #expect(PVEClient(plain).get("/version").status == 200)
    }

    @Test("the certificate is valid for 127.0.0.1 and localhost according to curl's own verification")
    func hostnameVerification() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let port = lab.proxmoxURL.split(separator: ":").last.map(String.init) ?? ""
        let viaLocalhost = Curl.request("https://localhost:\(port)/api2/json/version", caFile: lab.caFile)
        #expect(viaLocalhost.exitCode == 0)
        #expect(viaLocalhost.status == 401)
        let untrusted = Curl.request(lab.proxmoxURL + "/api2/json/version", caFile: "")
        #expect(untrusted.exitCode == 60)
    }

    @Test("malformed input gets a clear error answer, never a crash")
    func malformedInput() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = try PVEClient.root(lab)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "net1=\(formEncode("=,,=x"))").status == 400)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "net1=\(formEncode("bogus=1"))").status == 400)
        #expect(client.send("PUT", "/nodes/pve1/lxc/200/config", form: "net1=\(formEncode("bridge=vmbr0"))").status == 400)
        #expect(client.get("/nodes/pve1/qemu/abc/config").status == 400)
        #expect(client.get("/nodes/pve1/tasks/not-a-upid/status").status == 400)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "").reason == "no options specified")
        let json = Curl.request(lab.proxmoxURL + "/api2/json/nodes/pve1/qemu/101/config", method: "PUT",
                                headers: client.auth + ["Content-Type: application/json"], body: "{not json", caFile: lab.caFile)
        #expect(json.status == 400)
        #expect(PVEClient(lab).get("/version").status == 200)
    }
}
