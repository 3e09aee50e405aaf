import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// The host name check, against a lab whose certificate names another host than the 127.0.0.1 we connect to;
/// and the system CA store, parsed once per process.
@Suite struct TransportHostNameTests {
    private func elsewhere() throws -> LabFixture {
        var options = LabOptions()
        options.certificateNames = "DNS:pve.elsewhere.example"
        return try LabFixture(options)
    }

    private func versionRequest(_ fixture: LabFixture) -> HTTPRequest {
        HTTPRequest(
            method: .get, url: fixture.lab.proxmoxURL + "/api2/json/version",
            headers: [HTTPHeader("Authorization", "PVEAPIToken=\(LabCredentials.tokenID)=\(LabCredentials.tokenSecret)")])
    }

    @Test func aTrustedCertificateForAnotherHostIsRefusedBeforeAnyRequestIsSent() async throws {
        let fixture = try elsewhere()
        let error = await #expect(throws: HTTPError.self) {
            _ = try await fixture.transport.send(versionRequest(fixture), tls: fixture.trusted)
        }
        #expect(error?.kind == .certificateNotTrusted)
        #expect(error?.description.contains("127.0.0.1") == true, "\(String(describing: error))")
        #expect(fixture.totalServed == 0)
    }

    @Test func aPinnedCertificateIsAcceptedWhateverHostItNames() async throws {
        let fixture = try elsewhere()
        let pin = try #require(CertificateFingerprint(fixture.lab.fingerprint))
        let response = try await fixture.transport.send(versionRequest(fixture), tls: TLSOptions(fingerprint: pin))
        #expect(response.status == 200)
    }

    @Test func theSystemStoreIsReadFromSSLCertFileWhenSet() throws {
        let fixture = try LabFixture()
        let store = SystemTrustStore(environment: ["SSL_CERT_FILE": fixture.lab.caFile, "SSL_CERT_DIR": "/nonexistent-proxguac"])
        #expect(store.store != nil)
        #expect(store.file == fixture.lab.caFile)
        #expect(store.certificateCount == 1)
    }

    @Test func anUnreadableSystemBundleIsNamedInsteadOfTrustingNothingQuietly() throws {
        let missing = NSTemporaryDirectory() + "proxguac-no-such-bundle-\(UUID().uuidString).pem"
        let store = SystemTrustStore(environment: ["SSL_CERT_FILE": missing])
        #expect(store.store == nil)
        #expect(store.problem.contains(missing))
    }
}
