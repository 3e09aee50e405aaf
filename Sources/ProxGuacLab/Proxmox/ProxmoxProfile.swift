/// Version-dependent PVE behaviours, chosen by one setting (reference §0 and §9 rule 19).
struct ProxmoxProfile: Sendable {
    let release: String
    let version: String
    let repoid: String
    /// libpve-http-server-perl ≥ 5.2.0: error bodies carry `"message"`.
    let errorBodiesHaveMessage: Bool
    /// pve-manager ≥ 9.1.5: every auth failure reads `Authentication failed!`.
    let unifiedAuthFailure: Bool
    /// Privileges that allow QEMU agent calls (any one of them).
    let agentPrivileges: [String]
    /// `GET lxc/{vmid}/interfaces` exists (pve-container ≥ 5.0.6).
    let hasLXCInterfaces: Bool
    /// LXC interfaces carry only `name`, `hwaddr`, `inet`, `inet6` (pve-container < 5.2.6).
    let lxcInterfacesLegacyOnly: Bool
    /// libpve-common-perl < 8.2.2: `%` is not encoded on write but `%XX` is decoded on read.
    let legacyPercent: Bool
    /// qemu-server < 8.2.5: `checksum missmatch`.
    let legacyMissmatch: Bool

    static let supported = ["7.4", "8.0", "8.2", "8.4", "9.1"]

    init?(_ release: String) {
        let table: [String: String] = ["7.4": "7.4-3", "8.0": "8.0.4", "8.2": "8.2.4", "8.4": "8.4.1", "9.1": "9.1.2"]
        guard let version = table[release] else { return nil }
        self.release = release
        self.version = version
        repoid = "4e3b1c0a2f9d8e7b"
        let major = Int(release.prefix(1)) ?? 9
        errorBodiesHaveMessage = release == "8.4" || major >= 9
        unifiedAuthFailure = release == "9.1"
        agentPrivileges = major >= 9 ? ["VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted"] : ["VM.Monitor"]
        hasLXCInterfaces = !(release == "7.4" || release == "8.0")
        lxcInterfacesLegacyOnly = release == "8.2"
        legacyPercent = release == "7.4" || release == "8.0"
        legacyMissmatch = release == "7.4" || release == "8.0" || release == "8.2"
    }
}
