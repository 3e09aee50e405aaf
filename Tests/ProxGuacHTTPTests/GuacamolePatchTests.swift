import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Batch PATCH: atomic on 1.6.0, one request per change on 1.5.x.
@Suite struct GuacamolePatchTests {
    private func rdp(_ name: String, host: String = "198.51.100.10") -> GuacamoleConnection {
        GuacamoleConnection(name: name, protocol: "rdp", parameters: ["hostname": host, "port": "3389"])
    }

    private func options(guacamoleVersion: String) -> LabOptions {
        var options = LabOptions()
        options.guacamoleVersion = guacamoleVersion
        return options
    }

    @Test func version16AppliesAddReplaceAndRemoveInOneBatch() async throws {
        let fixture = try LabFixture(options(guacamoleVersion: "1.6.0"))
        let guacamole = try fixture.guacamole()
        #expect(await guacamole.version() == GuacamoleVersion(major: 1, minor: 6, patch: 0))
        let keep = try #require(try await guacamole.createConnection(rdp("keep")).identifier)
        let drop = try #require(try await guacamole.createConnection(rdp("drop")).identifier)

        let outcomes = try await guacamole.patchConnections([
            .add(rdp("new")), .replace(keep, with: rdp("keep", host: "198.51.100.11")), .remove(drop),
        ])
        #expect(outcomes.map(\.op) == [.add, .replace, .remove])
        #expect(outcomes.allSatisfy { $0.error == nil })
        let newID = try #require(outcomes[0].identifier)
        let names = Set(fixture.lab.guacamoleConnections().map(\.name))
        #expect(names.isSuperset(of: ["new", "keep"]) && !names.contains("drop"))
        #expect(fixture.lab.guacamoleConnections().first { $0.identifier == keep }?.parameters["hostname"] == "198.51.100.11")
        #expect(fixture.lab.guacamoleConnections().contains { $0.identifier == newID })
        #expect(fixture.served("PATCH /guacamole/api/session/data/{ds}/connections") == 1)
    }

    /// Names and parameters with quotes, backslashes, line breaks, control characters and non-ASCII
    /// text arrive exactly as given, in a batch and in a single create.
    @Test func awkwardTextArrivesUnchanged() async throws {
        let fixture = try LabFixture(options(guacamoleVersion: "1.6.0"))
        let guacamole = try fixture.guacamole()
        let name = "web \"01\" \\ ünï ✓"
        let password = "p\"a\\s\ns\u{01}w\u{7F}ord/🖥"
        let awkward = GuacamoleConnection(name: name, protocol: "ssh", parameters: ["hostname": "198.51.100.10", "password": password])
        let outcomes = try await guacamole.patchConnections([.add(awkward)])
        let id = try #require(outcomes.first?.identifier)
        var single = awkward
        single.name += " single"
        let singleID = try #require(try await guacamole.createConnection(single).identifier)
        for (identifier, expectedName) in [(id, name), (singleID, name + " single")] {
            let stored = try #require(fixture.lab.guacamoleConnections().first { $0.identifier == identifier })
            #expect(stored.name == expectedName)
            #expect(stored.parameters["password"] == password)
        }
    }

    @Test func version16RollsBackTheWholeBatchWhenOneOperationFails() async throws {
        let fixture = try LabFixture(options(guacamoleVersion: "1.6.0"))
        let guacamole = try fixture.guacamole()
        _ = try await guacamole.createConnection(rdp("taken"))
        let before = fixture.lab.guacamoleConnections()
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await guacamole.patchConnections([.add(rdp("fresh")), .add(rdp("taken"))])
        }
        guard case .patchFailed(let outcomes, let rolledBack) = error else {
            Issue.record("expected patchFailed, got \(String(describing: error))")
            return
        }
        #expect(rolledBack)
        #expect(outcomes.count == 2)
        #expect(outcomes[0].error == nil)
        #expect(outcomes[1].error == "The connection \"taken\" already exists.")
        #expect(fixture.lab.guacamoleConnections() == before)
    }

    @Test func version15SendsRemovesAsOneBatch() async throws {
        let fixture = try LabFixture(options(guacamoleVersion: "1.5.5"))
        let guacamole = try fixture.guacamole()
        let a = try #require(try await guacamole.createConnection(rdp("a")).identifier)
        let b = try #require(try await guacamole.createConnection(rdp("b")).identifier)
        let outcomes = try await guacamole.patchConnections([.remove(a), .remove(b)])
        #expect(outcomes.map(\.identifier) == [a, b])
        #expect(!fixture.lab.guacamoleConnections().contains { [a, b].contains($0.identifier) })
        #expect(fixture.served("PATCH /guacamole/api/session/data/{ds}/connections") == 1)
    }

    @Test func version15RunsAddsAndReplacesOneByOne() async throws {
        let fixture = try LabFixture(options(guacamoleVersion: "1.5.5"))
        let guacamole = try fixture.guacamole()
        let old = try #require(try await guacamole.createConnection(rdp("old")).identifier)
        let outcomes = try await guacamole.patchConnections([.add(rdp("added")), .replace(old, with: rdp("renamed"))])
        #expect(outcomes.allSatisfy { $0.error == nil })
        let added = try #require(outcomes[0].identifier)
        #expect(Set(fixture.lab.guacamoleConnections().map(\.name)).isSuperset(of: ["added", "renamed"]))
        #expect(fixture.lab.guacamoleConnections().contains { $0.identifier == added })
        #expect(fixture.served("PATCH /guacamole/api/session/data/{ds}/connections") == 0, "known 1.5.x: no PATCH tried")
    }

    @Test func withoutAKnownVersionA501FallsBackAndReportsPartialFailures() async throws {
        var options = options(guacamoleVersion: "1.5.5")
        options.faults = LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "GET", path: "/guacamole/translations/en.json", kind: .httpStatus(404))
        ])
        let fixture = try LabFixture(options)
        let guacamole = try fixture.guacamole()
        _ = try await guacamole.createConnection(rdp("taken"))
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await guacamole.patchConnections([.add(rdp("one")), .add(rdp("taken"))])
        }
        guard case .patchFailed(let outcomes, let rolledBack) = error else {
            Issue.record("expected patchFailed, got \(String(describing: error))")
            return
        }
        #expect(!rolledBack, "one request per change: the first add stays")
        #expect(outcomes[0].error == nil && outcomes[0].identifier != nil)
        #expect(outcomes[1].error?.contains("already exists") == true)
        #expect(fixture.lab.guacamoleConnections().contains { $0.name == "one" })
        #expect(fixture.served("PATCH /guacamole/api/session/data/{ds}/connections") == 1)
    }
}
