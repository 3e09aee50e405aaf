public import Foundation

/// `proxmox.*`: how to reach and log in to the Proxmox VE API.
public struct ProxmoxSettings: Sendable, Equatable {
    public static let defaultMaxConcurrentPerNode = 4

    /// Base URL of the API, e.g. `https://pve.example.org:8006` (no trailing slash).
    public var url: URL
    public var auth: ProxmoxAuth
    public var tls: TLSSettings
    /// At most this many requests in flight to one node (`proxmox.maxConcurrentPerNode`, default 4: one more
    /// than pvedaemon's 3 workers, so a worker never waits while proxguac handles an answer).
    public var maxConcurrentPerNode: Int

    public init(url: URL, auth: ProxmoxAuth, tls: TLSSettings = .init(), maxConcurrentPerNode: Int = Self.defaultMaxConcurrentPerNode) {
        self.url = url
        self.auth = auth
        self.tls = tls
        self.maxConcurrentPerNode = maxConcurrentPerNode
    }
}

/// API token (recommended) or user name and password (ticket).
public enum ProxmoxAuth: Sendable, Equatable {
    /// `Authorization: PVEAPIToken=<tokenId>=<secret>`.
    case apiToken(ProxmoxTokenID, secret: ConfiguredSecret)
    /// `POST /access/ticket` with `username` (`user@realm`) and `password`.
    case ticket(username: String, password: ConfiguredSecret)

    /// The token secret or the password.
    public var secret: ConfiguredSecret {
        switch self {
        case .apiToken(_, let secret): secret
        case .ticket(_, let password): password
        }
    }
}

/// A Proxmox API token id, `user@realm!tokenname` (e.g. `proxguac@pve!sync`).
public struct ProxmoxTokenID: Sendable, Hashable, CustomStringConvertible {
    /// `user@realm`.
    public let userID: String
    public let tokenName: String

    /// Parses `user@realm!tokenname`; nil when the shape is wrong.
    public init?(_ text: String) {
        let parts = text.split(separator: "!", omittingEmptySubsequences: false)
        guard parts.count == 2, ProxmoxUserID.isValid(String(parts[0])), Self.isValidTokenName(parts[1]) else { return nil }
        userID = String(parts[0])
        tokenName = String(parts[1])
    }

    public var description: String { "\(userID)!\(tokenName)" }

    /// Proxmox token names: a letter, then letters, digits, `.`, `-` or `_`.
    static func isValidTokenName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter, name.count >= 2 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
    }
}

/// Proxmox user ids, `user@realm` (e.g. `root@pam`).
public enum ProxmoxUserID {
    public static func isValid(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let user = text[..<at]
        let realm = text[text.index(after: at)...]
        let userOK = !user.isEmpty && !user.contains { $0.isWhitespace || $0 == ":" || $0 == "!" || $0 == "/" }
        let realmOK = (realm.first?.isLetter ?? false)
            && realm.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
        return userOK && realmOK
    }
}
