import Foundation
import ProxGuacLab
import Testing

@Suite("Guacamole emulation")
struct GuacamoleTests {
    static let connections = GuacClient.data + "/connections"

    static func connectionJSON(name: String, parent: String = "ROOT", password: String = "s3cret") -> String {
        """
        {"parentIdentifier":"\(parent)","name":"\(name)","protocol":"ssh",\
        "parameters":{"hostname":"198.51.100.21","port":"22","password":"\(password)","username":""},"attributes":{}}
        """
    }

    @Test("login returns a 64-hex token and the JDBC data sources; bad credentials get INVALID_CREDENTIALS")
    func login() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let ok = Curl.request(lab.guacamoleURL + "/api/tokens", method: "POST",
                              headers: ["Content-Type: application/x-www-form-urlencoded"],
                              body: "username=guacadmin&password=guacadmin", caFile: lab.caFile)
        let token = try #require(ok.object["authToken"] as? String)
        #expect(token.count == 64 && token == token.uppercased())
        #expect(ok.object["availableDataSources"] as? [String] == ["postgresql", "postgresql-shared"])
        let bad = Curl.request(lab.guacamoleURL + "/api/tokens", method: "POST",
                               headers: ["Content-Type: application/x-www-form-urlencoded"],
                               body: "username=guacadmin&password=wrong", caFile: lab.caFile)
        #expect(bad.status == 403)
        #expect(bad.object["type"] as? String == "INVALID_CREDENTIALS")
        #expect(bad.object["message"] as? String == "Invalid login")
        #expect((bad.object["expected"] as? [[String: Any]])?.count == 2)
    }

    @Test("a bad or expired token gets 403 PERMISSION_DENIED with the full APIError body")
    func badTokenShape() throws {
        let lab = try startDefaultLab { $0.guacamoleIdleTimeout = .zero }
        defer { lab.stop() }
        let client = GuacClient(lab)
        #expect(!client.token.isEmpty)
        let expired = client.call("GET", Self.connections)
        #expect(expired.status == 403)
        let body = expired.object
        #expect(body["type"] as? String == "PERMISSION_DENIED")
        #expect(body["message"] as? String == "Permission Denied.")
        #expect(body.keys.sorted() == ["expected", "message", "patches", "statusCode", "translatableMessage", "type"])
        #expect(body["statusCode"] is NSNull)
        let translatable = body["translatableMessage"] as? [String: Any]
        #expect(translatable?["key"] as? String == "APP.TEXT_UNTRANSLATED")
    }

    @Test("the token works from the header or ?token=, and logout kills it")
    func tokenTransportAndLogout() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let viaQuery = Curl.request(lab.guacamoleURL + Self.connections + "?token=\(client.token)", caFile: lab.caFile)
        #expect(viaQuery.status == 200)
        #expect(Curl.request(lab.guacamoleURL + "/api/tokens/\(client.token)", method: "DELETE", caFile: lab.caFile).status == 204)
        #expect(client.call("GET", Self.connections).status == 403)
        let again = Curl.request(lab.guacamoleURL + "/api/tokens/\(client.token)", method: "DELETE", caFile: lab.caFile)
        #expect(again.status == 404)
        #expect(again.object["message"] as? String == "No such token.")
    }

    @Test("HEAD /api/session checks a token on 1.6.0 only; DELETE /api/session logs out")
    func sessionEndpoints() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        #expect(client.call("HEAD", "/api/session").status == 204)
        #expect(client.call("DELETE", "/api/session").status == 204)
        #expect(client.call("HEAD", "/api/session").status == 403)
        let legacy = try startDefaultLab { $0.guacamoleVersion = "1.5.5" }
        defer { legacy.stop() }
        #expect(GuacClient(legacy).call("HEAD", "/api/session").status == 405)
    }

    @Test("created connections get increasing string ids; lists hide parameters; the parameters endpoint shows them")
    func createListParameters() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let created = client.call("POST", Self.connections, json: Self.connectionJSON(name: "web01-ssh"))
        #expect(created.status == 200)
        #expect(created.object["identifier"] as? String == "2")
        #expect(created.object["activeConnections"] as? Int == 0)
        let second = client.call("POST", Self.connections, json: Self.connectionJSON(name: "web02-ssh"))
        #expect(second.object["identifier"] as? String == "3")
        let list = client.call("GET", Self.connections).object
        #expect(Set(list.keys) == ["1", "2", "3"])
        let listed = try #require(list["2"] as? [String: Any])
        #expect(listed["parameters"] == nil)
        #expect(listed["parentIdentifier"] as? String == "ROOT")
        #expect((listed["attributes"] as? [String: Any])?.count == 7)
        let parameters = client.call("GET", Self.connections + "/2/parameters").object as? [String: String]
        #expect(parameters == ["hostname": "198.51.100.21", "port": "22", "password": "s3cret"])
        #expect(lab.guacamoleConnections().map(\.name) == ["Office printer (manual)", "web01-ssh", "web02-ssh"])
    }

    @Test("duplicate names in one parent get 400 BAD_REQUEST; missing attributes get 500; wrong media type 415")
    func createErrors() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let duplicate = client.call("POST", Self.connections, json: Self.connectionJSON(name: "Office printer (manual)"))
        #expect(duplicate.status == 400)
        #expect(duplicate.object["message"] as? String == "The connection \"Office printer (manual)\" already exists.")
        let noAttributes = client.call("POST", Self.connections, json: #"{"name":"x","protocol":"ssh","parameters":{}}"#)
        #expect(noAttributes.status == 500)
        #expect(noAttributes.object["type"] as? String == "INTERNAL_ERROR")
        let form = Curl.request(lab.guacamoleURL + Self.connections, method: "POST",
                                headers: ["Guacamole-Token: \(client.token)", "Content-Type: text/plain"],
                                body: "{}", caFile: lab.caFile)
        #expect(form.status == 415)
        #expect(client.call("GET", Self.connections + "/abc").status == 404)
        #expect(client.call("POST", Self.connections, json: "{not json").status == 400)
        #expect(client.call("PATCH", Self.connections, json: #"{"op":"remove"}"#).status == 400)
    }

    @Test("PUT replaces the connection (omitted parameters are deleted) and answers 204")
    func putReplaces() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        _ = client.call("POST", Self.connections, json: Self.connectionJSON(name: "web01-ssh"))
        let before = client.call("GET", Self.connections + "/2/parameters").object as? [String: String]
        #expect(before?["hostname"] == "198.51.100.21")
        let put = client.call("PUT", Self.connections + "/2",
                              json: #"{"name":"web01-ssh","protocol":"ssh","parameters":{"hostname":"198.51.100.99"},"attributes":{}}"#)
        #expect(put.status == 204)
        #expect(lab.guacamoleConnections().last?.parameters == ["hostname": "198.51.100.99"])
        // The parameters answer read before the PUT is not served again.
        #expect(client.call("GET", Self.connections + "/2/parameters").object as? [String: String] == ["hostname": "198.51.100.99"])
        lab.editConnection(identifier: "2", parameters: ["hostname": "198.51.100.7", "port": "2222"])
        #expect(client.call("GET", Self.connections + "/2/parameters").object as? [String: String]
            == ["hostname": "198.51.100.7", "port": "2222"])
    }

    @Test("deleting a group deletes everything inside it; the tree nests and omits empty children")
    func groupsCascade() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let groups = GuacClient.data + "/connectionGroups"
        let top = client.call("POST", groups, json: #"{"parentIdentifier":"ROOT","name":"Proxmox","type":"ORGANIZATIONAL","attributes":{}}"#)
        #expect(top.object["identifier"] as? String == "1")
        _ = client.call("POST", groups, json: #"{"parentIdentifier":"1","name":"pve1","type":"ORGANIZATIONAL","attributes":{}}"#)
        _ = client.call("POST", Self.connections, json: Self.connectionJSON(name: "web01-ssh", parent: "2"))
        let tree = client.call("GET", groups + "/ROOT/tree").object
        let proxmox = try #require((tree["childConnectionGroups"] as? [[String: Any]])?.first)
        let pve1 = try #require((proxmox["childConnectionGroups"] as? [[String: Any]])?.first)
        #expect((pve1["childConnections"] as? [[String: Any]])?.first?["name"] as? String == "web01-ssh")
        #expect(proxmox["childConnections"] == nil)
        #expect(client.call("GET", groups).object.keys.contains("ROOT") == false)
        #expect(client.call("DELETE", groups + "/1").status == 204)
        #expect(lab.guacamoleGroups().isEmpty)
        #expect(lab.guacamoleConnections().map(\.name) == ["Office printer (manual)"])
        let selfMove = client.call("POST", groups, json: #"{"parentIdentifier":"ROOT","name":"A","type":"ORGANIZATIONAL","attributes":{}}"#)
        let id = try #require(selfMove.object["identifier"] as? String)
        #expect(id == "3")
        let loop = client.call("PUT", groups + "/\(id)", json: #"{"parentIdentifier":"3","name":"A","type":"ORGANIZATIONAL","attributes":{}}"#)
        #expect(loop.status == 501)
    }

    @Test("1.6.0 batch PATCH is atomic: one failure rolls everything back and reports every outcome")
    func patchAtomic() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let ok = client.call("PATCH", Self.connections, json: """
            [{"op":"add","path":"/","value":\(Self.connectionJSON(name: "a"))},
             {"op":"add","path":"/","value":\(Self.connectionJSON(name: "b"))},
             {"op":"remove","path":"/1"}]
            """)
        #expect(ok.status == 200)
        let outcomes = try #require(ok.object["patches"] as? [[String: Any]])
        #expect(outcomes.map { $0["identifier"] as? String } == ["2", "3", "1"])
        let failing = client.call("PATCH", Self.connections, json: """
            [{"op":"add","path":"/","value":\(Self.connectionJSON(name: "c"))},
             {"op":"add","path":"/","value":\(Self.connectionJSON(name: "a"))},
             {"op":"remove","path":"/2"}]
            """)
        #expect(failing.status == 400)
        #expect(failing.object["message"] as? String == "The provided patches failed to apply.")
        let reported = try #require(failing.object["patches"] as? [[String: Any]])
        #expect(reported.count == 3)
        #expect(reported.allSatisfy { $0["identifier"] is NSNull })
        #expect(reported[1]["error"] != nil)
        #expect(lab.guacamoleConnections().map(\.name) == ["a", "b"])
        let unsupported = client.call("PATCH", Self.connections, json: #"[{"op":"test","path":"/2"}]"#)
        #expect(unsupported.status == 501)
    }

    @Test("1.6.0 batch PATCH on connection groups: adds in one request, a duplicate name rolls the batch back")
    func patchGroups() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = GuacClient(lab)
        let groups = GuacClient.data + "/connectionGroups"
        func add(_ name: String) -> String {
            #"{"op":"add","path":"/","value":{"parentIdentifier":"ROOT","name":"\#(name)","type":"ORGANIZATIONAL","attributes":{}}}"#
        }
        let ok = client.call("PATCH", groups, json: "[\(add("A")),\(add("B"))]")
        #expect(ok.status == 200)
        let outcomes = try #require(ok.object["patches"] as? [[String: Any]])
        #expect(outcomes.compactMap { $0["identifier"] as? String }.count == 2)
        #expect(lab.guacamoleGroups().map(\.name).sorted() == ["A", "B"])

        let failing = client.call("PATCH", groups, json: "[\(add("C")),\(add("A"))]")
        #expect(failing.status == 400)
        #expect(lab.guacamoleGroups().map(\.name).sorted() == ["A", "B"])
    }

    @Test("1.5.5 batch PATCH supports only remove and answers 204")
    func patchLegacy() throws {
        let lab = try startDefaultLab { $0.guacamoleVersion = "1.5.5" }
        defer { lab.stop() }
        let client = GuacClient(lab)
        let add = client.call("PATCH", Self.connections, json: #"[{"op":"add","path":"/","value":{}}]"#)
        #expect(add.status == 501)
        #expect(add.object["message"] as? String == "Only the \"remove\" operation is supported.")
        #expect(add.object["patches"] == nil)
        #expect(client.call("PATCH", Self.connections, json: #"[{"op":"remove","path":"/1"}]"#).status == 204)
        #expect(lab.guacamoleConnections().isEmpty)
    }

    @Test("granting READ lets a non-admin user see a connection; without it the connection is a 404")
    func permissionGrant() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let admin = GuacClient(lab)
        _ = admin.call("POST", Self.connections, json: Self.connectionJSON(name: "web01-ssh"))
        let viewer = GuacClient(lab, username: LabDemoCredentials.guacamoleViewer, password: LabDemoCredentials.guacamoleViewerPassword)
        #expect(Set(viewer.call("GET", Self.connections).object.keys) == ["1"])
        #expect(viewer.call("GET", Self.connections + "/2").status == 404)
        #expect(viewer.call("POST", Self.connections, json: Self.connectionJSON(name: "mine")).status == 403)
        let grant = admin.call("PATCH", GuacClient.data + "/users/viewer/permissions",
                               json: #"[{"op":"add","path":"/connectionPermissions/2","value":"READ"}]"#)
        #expect(grant.status == 204)
        #expect(Set(viewer.call("GET", Self.connections).object.keys) == ["1", "2"])
        #expect(viewer.call("GET", Self.connections + "?permission=UPDATE").object.isEmpty)
        let permissions = viewer.call("GET", GuacClient.data + "/self/effectivePermissions").object
        #expect((permissions["connectionPermissions"] as? [String: [String]])?["2"] == ["READ"])
        #expect(viewer.call("GET", Self.connections + "/2/parameters").status == 403)
        let adminPermissions = admin.call("GET", GuacClient.data + "/self/effectivePermissions").object
        #expect((adminPermissions["systemPermissions"] as? [String])?.contains("ADMINISTER") == true)
    }

    @Test("the UI-edit hook changes stored parameters as a person would in the web UI")
    func editConnectionHook() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        lab.editConnection(identifier: "1", parameters: ["hostname": "203.0.113.77"])
        let parameters = GuacClient(lab).call("GET", Self.connections + "/1/parameters").object as? [String: String]
        #expect(parameters == ["hostname": "203.0.113.77"])
    }
}
