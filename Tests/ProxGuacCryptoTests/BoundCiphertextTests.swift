import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

/// `v2` values are bound to a guest and a user (AES-GCM associated data): a copy does not open.
struct BoundCiphertextTests {
    let cipher: PasswordCipher
    let here = CiphertextBinding(vmid: 101, user: "deploy")

    init() throws {
        cipher = PasswordCipher(current: try EncryptionKey.generate())
    }

    @Test func opensOnlyWhereItWasBound() throws {
        let value = try cipher.encrypt(Secret("Tr1cky;=+&%41"), boundTo: here)
        #expect(value.hasPrefix("v2:\(cipher.current!.id):101:"))
        #expect(try cipher.decrypt(value, boundTo: here).value == "Tr1cky;=+&%41")
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value, boundTo: .init(vmid: 105, user: "deploy")) }
            == .encryptedForAnotherGuest(boundVMID: 101, here: 105))
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value, boundTo: .init(vmid: 101, user: "root")) }
            == .encryptedForAnotherUser(vmid: 101))
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value, boundTo: .init(vmid: 101, user: "deploy", cluster: "lab")) }
            == .encryptedForAnotherUser(vmid: 101, cluster: "lab"), "the cluster name is bound in when set")
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value) } == .boundValueWithoutGuest(boundVMID: 101))
        let forged = value.replacingOccurrences(of: ":101:", with: ":105:")
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(forged, boundTo: .init(vmid: 105, user: "deploy")) }
            == .encryptedForAnotherUser(vmid: 105), "editing the clear vmid does not move the value")
        let message = CryptoError.encryptedForAnotherGuest(boundVMID: 101, here: 105).description
        #expect(message.contains("encrypted for another guest") && message.contains("--vmid 105 --accept-copied"))
    }

    @Test func rebindKeepsBoundValuesAndBindsOthers() throws {
        let bound = try cipher.encrypt(Secret("pw"), boundTo: here)
        #expect(try cipher.rebind(bound, to: here) == bound, "re-running does not rewrite notes")
        let v1 = try cipher.encrypt(Secret("pw"))
        let rebound = try cipher.rebind(v1, to: here)
        #expect(PasswordCipher.boundVMID(of: rebound) == 101)
        #expect(try cipher.decrypt(rebound, boundTo: here).value == "pw")
        let clone = CiphertextBinding(vmid: 105, user: "deploy")
        let accepted = try cipher.rebind(bound, to: clone, openAt: here)
        #expect(try cipher.decrypt(accepted, boundTo: clone).value == "pw")
    }
}
