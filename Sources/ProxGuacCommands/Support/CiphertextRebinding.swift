import ProxGuacCore
import ProxGuacCrypto

/// How `encrypt-notes` and `rekey` turn a guest's encrypted values into `v2` values bound to the guest and
/// the entry's user. Only values that belong where they are get bound: a `v2` value bound here, or a `v1` /
/// legacy value the state last saw here (or never saw: first sight after the upgrade). A copied value is
/// refused (the guest fails, nothing of it is written) unless an admin named this guest with `--accept-copied`.
struct CiphertextRebinding {
    let cipher: PasswordCipher
    /// From the state file (`sync.stateFile`).
    let sightings: CiphertextSightings
    /// Guests whose copied values the admin accepts (`rekey --vmid N --accept-copied`).
    var acceptCopiedIn: Set<Int> = []

    /// `value` bound to (`vmid`, `user`) under the current key (unchanged when it already is).
    func rebind(_ value: String, vmid: Int, user: String) throws(CryptoError) -> String {
        let binding = CiphertextBinding(vmid: vmid, user: user)
        let accepted = acceptCopiedIn.contains(vmid)
        if let bound = PasswordCipher.boundVMID(of: value) {
            guard bound != vmid else { return try cipher.rebind(value, to: binding) }
            guard accepted else { throw .encryptedForAnotherGuest(boundVMID: bound, here: vmid) }
            return try cipher.rebind(value, to: binding, openAt: CiphertextBinding(vmid: bound, user: user))
        }
        if case .seenElsewhere(let places) = sightings.verdict(value, at: CredentialPlace(vmid: vmid, user: user)), !accepted {
            throw .copiedValue(seenAt: places.map(\.description).joined(separator: ", "), here: vmid)
        }
        return try cipher.rebind(value, to: binding)
    }
}
