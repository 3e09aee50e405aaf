import Testing
@testable import ProxGuacCore

/// Issue 20: `proxmox` as a list of named clusters, and several URLs per cluster.
@Suite("Config: several Proxmox clusters")
struct ConfigClustersTests {
    static func cluster(_ name: String?, _ urls: JSONValue, secret: String? = "secret-\(Int.random(in: 0...9))") -> JSONValue {
        var members: [JSONMember] = name.map { [JSONMember("name", .string($0))] } ?? []
        members += [JSONMember("url", urls), JSONMember("tokenId", .string("proxguac@pve!sync"))]
        if let secret { members.append(JSONMember("tokenSecret", .string(secret))) }
        return .object(members)
    }

    @Test("the object form keeps working: one unnamed cluster, plain marker identity")
    func objectFormIsTheSingleUnnamedCluster() throws {
        let config = try parseConfig(configBaseDocument).config
        #expect(config.clusters.count == 1)
        #expect(config.proxmox.name == nil)
        #expect(!config.hasNamedClusters)
        #expect(config.proxmox.urls.map(\.absoluteString) == ["https://pve.example.org:8006"])
    }

    @Test("a list of named clusters, each with its URLs in order and its own secret")
    func listForm() throws {
        let document = configBaseDocument.setting("proxmox", .array([
            Self.cluster("lab", .array([.string("https://pve1.lab:8006/"), .string("https://pve2.lab:8006")]), secret: "lab-secret"),
            Self.cluster("prod-2", .string("https://pve.prod:8006"), secret: "prod-secret"),
        ]))
        let config = try parseConfig(document).config
        #expect(config.clusters.map { $0.name?.text } == ["lab", "prod-2"])
        #expect(config.clusters[0].urls.map(\.absoluteString) == ["https://pve1.lab:8006", "https://pve2.lab:8006"])
        #expect(config.clusters.map(\.auth.secret.secret.value) == ["lab-secret", "prod-secret"])
        #expect(config.hasNamedClusters)
        let shown = config.effectiveLines.joined(separator: "\n")
        #expect(shown.contains("proxmox[1].name = \"prod-2\""))
        #expect(shown.contains("proxmox[0].url = [\"https://pve1.lab:8006\",\"https://pve2.lab:8006\"]"))
        #expect(!shown.contains("lab-secret") && !shown.contains("prod-secret"))
    }

    @Test("with several clusters each reads PROXGUAC_PROXMOX_TOKEN_SECRET_<NAME> (upper case, '-' as '_')")
    func perClusterEnvironmentSecret() throws {
        let document = configBaseDocument.setting("proxmox", .array([
            Self.cluster("lab", .string("https://pve.lab:8006"), secret: nil),
            Self.cluster("prod-2", .string("https://pve.prod:8006"), secret: nil),
        ]))
        var environment = configTestEnvironment
        environment["PROXGUAC_PROXMOX_TOKEN_SECRET_LAB"] = "from-env-lab"
        environment["PROXGUAC_PROXMOX_TOKEN_SECRET_PROD_2"] = "from-env-prod"
        environment["PROXGUAC_PROXMOX_TOKEN_SECRET"] = "ambiguous"
        let config = try parseConfig(document, environment: environment).config
        #expect(config.clusters.map(\.auth.secret.secret.value) == ["from-env-lab", "from-env-prod"])

        environment["PROXGUAC_PROXMOX_TOKEN_SECRET_PROD_2"] = nil
        let error = try #require(configError(document, environment: environment))
        #expect(error.keyPath == "proxmox[1].tokenSecret")
        #expect(error.description.contains("PROXGUAC_PROXMOX_TOKEN_SECRET_PROD_2"))
    }

    @Test("a single named object keeps the plain environment variable")
    func singleNamedClusterUsesThePlainVariable() throws {
        let document = configBaseDocument.removing("proxmox.tokenSecret").setting("proxmox.name", .string("lab"))
        let config = try parseConfig(document, environment: configTestEnvironment.merging(["PROXGUAC_PROXMOX_TOKEN_SECRET": "plain"]) { $1 }).config
        #expect(config.proxmox.name?.text == "lab")
        #expect(config.proxmox.auth.secret.secret.value == "plain")
    }

    @Test("every broken cluster is reported in one run, each line naming its path")
    func everyProblemInOneRun() throws {
        let document = configBaseDocument.setting("proxmox", .array([
            Self.cluster(nil, .string("https://a.lab:8006")),                        // name missing (several clusters)
            Self.cluster("Lab!", .string("https://b.lab:8006")),                     // bad name
            Self.cluster("dup", .array([])),                                         // empty URL list
            Self.cluster("dup", .array([.string("https://c.lab:8006"), .string("https://c.lab:8006")])),  // name and URL twice
            Self.cluster("ok", .string("https://e.lab:8006")),
            Self.cluster("other", .string("https://e.lab:8006")),                    // a URL of another cluster
            Self.cluster(String(repeating: "x", count: 33), .string("https://d.lab:8006")),
        ]))
        let error = try #require(configError(document))
        let lines = ([error] + error.others).map(\.description)
        let keyPaths = ([error] + error.others).compactMap(\.keyPath)
        #expect(keyPaths == ["proxmox[0].name", "proxmox[1].name", "proxmox[2].url", "proxmox[3].name", "proxmox[3].url[1]", "proxmox[5].url", "proxmox[6].name"],
                "\(lines)")
        #expect(lines[3].contains("already used by proxmox[2].name"))
        #expect(lines[4].contains("listed twice"))
        #expect(lines[5].contains("also a URL of proxmox[4]"))
        for line in lines { #expect(!line.contains("\n")) }
    }

    @Test("url list items are checked one by one", arguments: [
        (JSONValue.array([.string("https://a:8006"), .integer(3)]), "proxmox.url[1]"),
        (JSONValue.array([.string("https://a:8006"), .string("ftp://b")]), "proxmox.url[1]"),
        (JSONValue.array([.string("https://a:8006"), .string("https://a:8006/")]), "proxmox.url[1]"),
        (JSONValue.array([]), "proxmox.url"),
    ])
    func urlListItems(url: JSONValue, keyPath: String) throws {
        let error = try #require(configError(configBaseDocument.setting("proxmox.url", url)))
        #expect(error.keyPath == keyPath, "\(error)")
    }

    @Test("previousNames needs a name, and an empty list is refused")
    func previousNamesAndEmptyList() throws {
        let orphan = try #require(configError(configBaseDocument.setting("proxmox.previousNames", .array([.string("old")]))))
        #expect(orphan.keyPath == "proxmox.previousNames")
        let renamed = try parseConfig(configBaseDocument.setting("proxmox.name", .string("new"))
            .setting("proxmox.previousNames", .array([.string("old")]))).config
        #expect(renamed.proxmox.previousNames.map(\.text) == ["old"])
        let empty = try #require(configError(configBaseDocument.setting("proxmox", .array([]))))
        #expect(empty.keyPath == "proxmox")
    }

    @Test("the env variable name for a cluster")
    func environmentVariableName() throws {
        #expect(ClusterName("eu-west-1")?.environmentVariable("PROXGUAC_PROXMOX_TOKEN_SECRET") == "PROXGUAC_PROXMOX_TOKEN_SECRET_EU_WEST_1")
        #expect(ClusterName("-x") == nil)
        #expect(ClusterName("") == nil)
        #expect(ClusterName("a:b") == nil)
    }
}

/// Issue 20: `sync.groupPerCluster`.
@Suite("Config: a group per cluster")
struct ConfigGroupPerClusterTests {
    static func twoClusters(_ document: JSONValue) -> JSONValue {
        document.setting("proxmox", .array([
            ConfigClustersTests.cluster("lab", .string("https://pve.lab:8006")),
            ConfigClustersTests.cluster("prod", .string("https://pve.prod:8006")),
        ]))
    }

    @Test("on by default with several clusters, off with one; an explicit value wins")
    func defaults() throws {
        #expect(try parseConfig(configBaseDocument).config.groupsPerCluster == false)
        #expect(try parseConfig(Self.twoClusters(configBaseDocument)).config.groupsPerCluster == true)
        let off = Self.twoClusters(configBaseDocument).setting("sync", .object([JSONMember("groupPerCluster", .bool(false))]))
        #expect(try parseConfig(off).config.groupsPerCluster == false)
    }

    @Test("true with an unnamed cluster, or not a bool: one line naming sync.groupPerCluster")
    func errors() {
        for value: JSONValue in [.bool(true), .string("yes")] {
            let document = configBaseDocument.setting("sync", .object([JSONMember("groupPerCluster", value)]))
            #expect {
                try parseConfig(document)
            } throws: { error in
                let line = "\(error)"
                return line.contains("sync.groupPerCluster") && !line.contains("\n")
            }
        }
    }
}
