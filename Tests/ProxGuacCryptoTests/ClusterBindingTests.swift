import Foundation
import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

/// Issue 20: a named cluster's values are bound to its name too, older names (a cluster named or renamed since) are
/// accepted only where the caller lists them, and each cluster may seal with its own key.
struct ClusterBindingTests {
    let cipher: PasswordCipher

    init() throws {
        cipher = PasswordCipher(current: try EncryptionKey.generate())
    }

    @Test func aValueOfOneClusterDoesNotOpenForTheSameVMIDOfAnother() throws {
        let lab1 = CiphertextBinding(vmid: 101, user: "deploy", cluster: "lab1")
        let value = try cipher.encrypt(Secret("pw"), boundTo: lab1)
        #expect(try cipher.decrypt(value, boundTo: lab1).value == "pw")
        let error = cryptoError { () throws(CryptoError) in
            _ = try cipher.decrypt(value, boundTo: .init(vmid: 101, user: "deploy", cluster: "lab2"))
        }
        #expect(error == .encryptedForAnotherUser(vmid: 101, cluster: "lab2"))
        let message = error?.description ?? ""
        #expect(message.contains("encrypted for another cluster, guest or user") && message.contains("--vmid lab2/101 --accept-copied"), "\(message)")
        #expect(!message.contains("\n"))
        let unnamed = cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value, boundTo: .init(vmid: 101, user: "deploy")) }
        #expect(unnamed == .encryptedForAnotherUser(vmid: 101), "nor for the unnamed cluster")
        let elsewhere = cryptoError { () throws(CryptoError) in
            _ = try cipher.decrypt(value, boundTo: .init(vmid: 105, user: "deploy", cluster: "lab2"))
        }
        #expect(elsewhere?.description.contains("--vmid lab2/105 --accept-copied") == true, "\(String(describing: elsewhere))")
    }

    @Test func formerClustersOpenOnlyWhenListedAndRebindMovesThemToTheName() throws {
        let lab = CiphertextBinding(vmid: 101, user: "deploy", cluster: "lab")
        let unnamed = try cipher.encrypt(Secret("pw"), boundTo: .init(vmid: 101, user: "deploy"))
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(unnamed, boundTo: lab) } == .encryptedForAnotherUser(vmid: 101, cluster: "lab"))
        #expect(try cipher.decrypt(unnamed, boundTo: lab, formerClusters: [nil]).value == "pw", "written while the cluster was unnamed")

        let rebound = try cipher.rebind(unnamed, to: lab, formerClusters: [nil])
        #expect(rebound != unnamed)
        #expect(try cipher.decrypt(rebound, boundTo: lab).value == "pw", "bound to the name now")
        #expect(try cipher.rebind(rebound, to: lab, formerClusters: [nil]) == rebound, "already bound: unchanged")

        let old = try cipher.encrypt(Secret("pw"), boundTo: .init(vmid: 101, user: "deploy", cluster: "old"))
        let prod = CiphertextBinding(vmid: 101, user: "deploy", cluster: "prod")
        #expect(try cipher.decrypt(old, boundTo: prod, formerClusters: ["old"]).value == "pw", "a rename with previousNames")
        #expect(cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(old, boundTo: prod, formerClusters: [nil]) } != nil)
        #expect(try cipher.decrypt(cipher.rebind(old, to: prod, formerClusters: ["old"]), boundTo: prod).value == "pw")
    }

    @Test func aClusterKeySealsAndTheGlobalKeyStillOpens() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let global = try EncryptionKey.generate()
        let labKey = try EncryptionKey.generate()
        let prodKey = try EncryptionKey.generate()
        try global.writeFile(directory + "/global.key", overwrite: false)
        try labKey.writeFile(directory + "/lab.key", overwrite: false)
        let lab = try PasswordCipher.load(EncryptionSettings(keyFile: directory + "/global.key", clusterKeyFile: directory + "/lab.key"),
                                          environment: [:])
        #expect(lab.current?.id == labKey.id && lab.previous.map(\.id) == [global.id])
        let environment = ["PROXGUAC_ENCRYPTION_KEY_PROD": prodKey.fileContents().value]
        let prod = try PasswordCipher.load(EncryptionSettings(keyFile: directory + "/global.key", clusterKeyFile: directory + "/lab.key",
                                                              clusterKeyVariable: "PROXGUAC_ENCRYPTION_KEY_PROD"), environment: environment)
        #expect(prod.current?.id == prodKey.id, "the cluster's variable wins over its file")

        let here = CiphertextBinding(vmid: 101, user: "deploy", cluster: "lab")
        let older = try PasswordCipher(current: global).encrypt(Secret("pw"), boundTo: here)
        #expect(try lab.decrypt(older, boundTo: here).value == "pw", "values of the global key still open")
        let sealed = try lab.encrypt(Secret("pw"), boundTo: here)
        #expect(sealed.hasPrefix("v2:\(labKey.id):101:"))
        let error = cryptoError { () throws(CryptoError) in _ = try prod.decrypt(sealed, boundTo: here) }
        guard case .unknownKeyID(let id, _)? = error else {
            Issue.record("cluster lab's key is not prod's: \(String(describing: error))")
            return
        }
        #expect(id == labKey.id)
    }
}
