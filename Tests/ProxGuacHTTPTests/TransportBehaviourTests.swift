import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// The transport's own behaviour: parallel requests, failures named clearly, nothing unsafe sent.
@Suite struct TransportBehaviourTests {
    @Test func manyConcurrentRequestsAllComplete() async throws {
        let fixture = try LabFixture(maxConnectionsPerHost: 4)
        let proxmox = try fixture.proxmox()
        let guacamole = try fixture.guacamole()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<150 {
                group.addTask {
                    index.isMultiple(of: 3)
                        ? try await guacamole.connections().count : try await proxmox.guests().count
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.count == 150)
        #expect(fixture.served("GET /api2/json/cluster/resources") == 100)
        #expect(fixture.served("GET /guacamole/api/session/data/{ds}/connections") == 50)
    }

    @Test func aRefusedConnectionSaysSo() async throws {
        let fixture = try LabFixture()
        let url = fixture.lab.proxmoxURL
        fixture.lab.stop()
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(HTTPRequest(method: .get, url: url + "/api2/json/version"), tls: fixture.trusted)
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description.contains("cannot connect") == true)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        var options = LabOptions()
        options.faults = LabFaults(rules: [LabFaultRule(server: .proxmox, path: "/api2/json/version", kind: .hang)])
        let fixture = try LabFixture(options)
        let request = HTTPRequest(
            method: .get, url: fixture.lab.proxmoxURL + "/api2/json/version", timeout: .milliseconds(300))
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(request, tls: fixture.trusted)
        }
        #expect(error?.kind == .timedOut)
    }

    @Test func aCancelledRequestEndsWithCancelled() async throws {
        var options = LabOptions()
        options.faults = LabFaults(rules: [LabFaultRule(server: .proxmox, path: "/api2/json/version", kind: .hang)])
        let fixture = try LabFixture(options)
        let transport = fixture.transport
        let request = HTTPRequest(method: .get, url: fixture.lab.proxmoxURL + "/api2/json/version")
        let task = Task { try await transport.send(request, tls: fixture.trusted) }
        task.cancel()
        let result = await task.result
        guard case .failure(let error as HTTPError) = result else {
            Issue.record("expected a cancelled HTTPError, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
    }

    @Test func aMalformedAnswerIsAnUnexpectedResponseNotACrash() async throws {
        var options = LabOptions()
        options.faults = LabFaults(rules: [
            LabFaultRule(server: .proxmox, path: "/api2/json/cluster/resources", kind: .malformedJSON)
        ])
        let fixture = try LabFixture(options)
        let error = await #expect(throws: ProxmoxError.self) { _ = try await fixture.proxmox().guests() }
        guard case .unexpectedResponse(let request, _) = error else {
            Issue.record("expected unexpectedResponse, got \(String(describing: error))")
            return
        }
        #expect(request == "GET /cluster/resources")
    }

    @Test func headerValuesWithLineBreaksAreRefusedBeforeSending() async throws {
        let fixture = try LabFixture()
        let request = HTTPRequest(
            method: .get, url: fixture.lab.proxmoxURL + "/api2/json/version",
            headers: [HTTPHeader("Authorization", "PVEAPIToken=a@pve!b=x\r\nX-Injected: 1")])
        let error = await #expect(throws: HTTPError.self) { _ = try await fixture.transport.send(request, tls: fixture.trusted) }
        #expect(error?.kind == .invalidHeader(name: "Authorization"))
        #expect(error?.description.contains("PVEAPIToken") == false)
        #expect(fixture.totalServed == 0)
    }

    @Test(arguments: ["ftp://127.0.0.1/x", "not a url", "https://"])
    func nonHTTPURLsAreRefused(url: String) async throws {
        let transport = HTTPTransport(logger: CapturedLogs().logger)
        let error = await #expect(throws: HTTPError.self) { _ = try await transport.send(HTTPRequest(method: .get, url: url)) }
        #expect(error?.kind == .invalidURL)
    }
}
