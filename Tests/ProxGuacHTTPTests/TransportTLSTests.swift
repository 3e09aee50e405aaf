import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Certificate trust over real HTTPS against the lab's self-signed certificate.
@Suite struct TransportTLSTests {
    private func versionRequest(_ fixture: LabFixture) -> HTTPRequest {
        HTTPRequest(
            method: .get, url: fixture.lab.proxmoxURL + "/api2/json/version",
            headers: [HTTPHeader("Authorization", "PVEAPIToken=\(LabCredentials.tokenID)=\(LabCredentials.tokenSecret)")])
    }

    @Test func systemCAsDoNotTrustTheLabCertificate() async throws {
        let fixture = try LabFixture()
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions())
        }
        #expect(error?.kind == .certificateNotTrusted)
        #expect(error?.description.contains("certificate not trusted: set tls.caFile or tls.fingerprint") == true)
        #expect(fixture.totalServed == 0)
    }

    @Test func theRightCAFileIsTrusted() async throws {
        let fixture = try LabFixture()
        let response = try await fixture.transport.send(versionRequest(fixture), tls: fixture.trusted)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"release\""))
    }

    @Test func anUnreadableCAFileIsNamed() async throws {
        let fixture = try LabFixture()
        let missing = NSTemporaryDirectory() + "proxguac-no-such-ca-\(UUID().uuidString).pem"
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions(caFile: missing))
        }
        #expect(error?.kind == .caFileUnreadable(path: missing))
        #expect(error?.description.contains(missing) == true)
    }

    @Test(arguments: [false, true])
    func thePinnedFingerprintIsAcceptedWithoutACA(lowercasedWithoutColons: Bool) async throws {
        let fixture = try LabFixture()
        let text = fixture.lab.fingerprint
        let pin = try #require(
            CertificateFingerprint(lowercasedWithoutColons ? text.lowercased().replacingOccurrences(of: ":", with: "") : text))
        let response = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions(fingerprint: pin))
        #expect(response.status == 200)
    }

    @Test func aWrongFingerprintFailsTheHandshakeBeforeAnyRequestIsSent() async throws {
        let fixture = try LabFixture()
        let wrong = try #require(CertificateFingerprint(String(repeating: "AB", count: 32)))
        let proxmox = try ProxmoxClient(
            baseURL: fixture.lab.proxmoxURL, auth: LabCredentials.token(), tls: TLSOptions(fingerprint: wrong),
            transport: fixture.transport, logger: fixture.logs.logger)
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.version() }
        guard case .transport(let httpError) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(httpError.kind == .fingerprintMismatch(expected: wrong.description, actual: fixture.lab.fingerprint))
        #expect(httpError.description.contains(fixture.lab.fingerprint))
        #expect(fixture.totalServed == 0, "the server must not have seen the request (nor its token)")
    }

    @Test func aConnectionPinnedToOneCertificateIsNotReusedForAnotherPin() async throws {
        let fixture = try LabFixture()
        let right = try #require(CertificateFingerprint(fixture.lab.fingerprint))
        let wrong = try #require(CertificateFingerprint(String(repeating: "CD", count: 32)))
        _ = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions(fingerprint: right))
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions(fingerprint: wrong))
        }
        #expect(error?.kind == .fingerprintMismatch(expected: wrong.description, actual: fixture.lab.fingerprint))
        #expect(fixture.served("GET /api2/json/version") == 1)
    }

    @Test func verificationCanBeSwitchedOffOnlyExplicitly() async throws {
        let fixture = try LabFixture()
        let insecure = TLSOptions(verify: false)
        #expect(insecure.isInsecure)
        #expect(!TLSOptions().isInsecure)
        let response = try await fixture.transport.send(versionRequest(fixture), tls: insecure)
        #expect(response.status == 200)
    }
}
