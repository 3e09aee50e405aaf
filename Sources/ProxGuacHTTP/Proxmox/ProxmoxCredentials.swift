import ProxGuacCore

/// How proxguac proves who it is to Proxmox VE.
public enum ProxmoxCredentials: Sendable {
    /// API token (recommended): `tokenID` is `user@realm!name`, `secret` the UUID shown once at creation.
    case token(tokenID: String, secret: Secret)
    /// User + password: a 2 h ticket from `POST /access/ticket`, renewed automatically.
    case password(username: String, password: Secret)

    /// The user (`user@realm`) these credentials act as.
    public var user: String {
        switch self {
        case .token(let tokenID, _): String(tokenID.split(separator: "!", maxSplits: 1).first ?? "")
        case .password(let username, _): username
        }
    }

    /// Rejects credentials that cannot work, before any request is sent.
    func validate() throws(ProxmoxError) {
        switch self {
        case .token(let tokenID, let secret):
            let parts = tokenID.split(separator: "!", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].contains("@"), !parts[1].isEmpty else {
                throw .invalidConfiguration("proxmox token id \"\(tokenID)\" must look like user@realm!tokenname")
            }
            guard !secret.isEmpty else { throw .invalidConfiguration("proxmox token secret is empty; set it") }
        case .password(let username, let password):
            guard username.contains("@") else {
                throw .invalidConfiguration("proxmox username \"\(username)\" must include the realm, e.g. root@pam")
            }
            guard !password.isEmpty else { throw .invalidConfiguration("proxmox password is empty; set it") }
        }
    }
}
