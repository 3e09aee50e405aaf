/// The lab's well-known demo credentials (they are in `assets/lab-default.json` too, and a test
/// keeps the two in step). They only open the emulated servers on 127.0.0.1.
public enum LabDemoCredentials {
    /// API token with every privilege proxguac needs.
    public static let proxmoxTokenID = "proxguac@pve!sync"
    public static let proxmoxTokenSecret = "6f1c9a3e-2b7d-4c58-9e41-0d8a7b3c5f21"
    /// API token that can read but lacks `VM.Config.Options` (for `test-auth` style checks).
    public static let proxmoxReadOnlyTokenID = "proxguac@pve!readonly"
    public static let proxmoxReadOnlyTokenSecret = "0b5e7d2a-9c41-4f36-8a1d-3e6f2c9b7a45"
    /// Password login (ticket + CSRF token); root holds every privilege.
    public static let proxmoxRootUser = "root@pam"
    public static let proxmoxRootPassword = "proxguac-lab-root"
    public static let guacamoleAdmin = "guacadmin"
    public static let guacamoleAdminPassword = "guacadmin"
    /// A Guacamole user without system permissions (READ on the unmanaged connection only).
    public static let guacamoleViewer = "viewer"
    public static let guacamoleViewerPassword = "viewer-pass"
    /// A Guacamole user with TOTP enrolled: login asks for `guac-totp`, the code of this key (base32, RFC 6238's
    /// test key) for the current or previous 30 s step, each code once.
    public static let guacamoleTOTPUser = "mfa-user"
    public static let guacamoleTOTPPassword = "mfa-user-pass"
    public static let guacamoleTOTPSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    /// An administrator with TOTP enrolled: a service account proxguac can sync with (`guacamole.totpSecretFile`).
    public static let guacamoleTOTPAdmin = "proxguac-totp"
    public static let guacamoleTOTPAdminPassword = "proxguac-totp-pass"
    public static let guacamoleTOTPAdminSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    /// A Guacamole user group that `sync.grant.groups` can name.
    public static let guacamoleUserGroup = "lab-admins"

    static let fullVMPrivileges = ["VM.Audit", "VM.Config.Options", "VM.PowerMgmt", "VM.GuestAgent.Audit", "VM.Monitor"]

    /// The PVE users and tokens of the default and generated scenarios.
    public static var proxmoxAccess: LabScenario.ProxmoxAccess {
        let acl = ["/vms": fullVMPrivileges, "/nodes": ["Sys.Audit"], "/pool/lab": ["Pool.Audit"]]
        return LabScenario.ProxmoxAccess(
            users: [LabScenario.User(userid: proxmoxRootUser, password: proxmoxRootPassword),
                    LabScenario.User(userid: "proxguac@pve", password: "proxguac-lab-user", privs: acl)],
            tokens: [LabScenario.Token(tokenid: proxmoxTokenID, secret: proxmoxTokenSecret, privs: acl),
                     LabScenario.Token(tokenid: proxmoxReadOnlyTokenID, secret: proxmoxReadOnlyTokenSecret,
                                       privs: ["/vms": ["VM.Audit", "VM.GuestAgent.Audit", "VM.Monitor"]])])
    }

    /// The Guacamole users, the user group and the one unmanaged connection of the default and generated scenarios.
    public static var guacamoleSetup: LabScenario.GuacamoleSetup {
        LabScenario.GuacamoleSetup(
            dataSource: "postgresql",
            users: [LabScenario.GuacUser(username: guacamoleAdmin, password: guacamoleAdminPassword, admin: true),
                    LabScenario.GuacUser(username: guacamoleViewer, password: guacamoleViewerPassword, admin: false),
                    LabScenario.GuacUser(username: guacamoleTOTPUser, password: guacamoleTOTPPassword, admin: false,
                                         totpSecret: guacamoleTOTPSecret),
                    LabScenario.GuacUser(username: guacamoleTOTPAdmin, password: guacamoleTOTPAdminPassword, admin: true,
                                         totpSecret: guacamoleTOTPAdminSecret)],
            connections: [LabScenario.GuacConnection(
                name: "Office printer (manual)", protocol: "ssh",
                parameters: ["hostname": "203.0.113.50", "port": "22", "username": "admin"], readableBy: [guacamoleViewer])],
            userGroups: [LabScenario.GuacUserGroup(identifier: guacamoleUserGroup)])
    }
}
