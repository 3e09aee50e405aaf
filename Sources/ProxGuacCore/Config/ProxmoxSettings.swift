public import Foundation

/// `proxmox.*` (or one entry of the `proxmox` list): how to reach and log in to one Proxmox VE cluster.
public struct ProxmoxSettings: Sendable, Equatable {
    public static let defaultMaxConcurrentPerNode = 4

    /// The cluster's name (`proxmox[i].name`): its identity, chosen by the admin (see docs/clusters.md).
    /// nil for the single unnamed cluster (`proxmox` written as one object without `name`).
    public var name: ClusterName?
    /// Names this cluster had before (`proxmox[i].previousNames`): a rename, not a new cluster.
    public var previousNames: [ClusterName]
    /// Base URLs of the API, e.g. `https://pve1.example.org:8006` (no trailing slash), tried in order: a node
    /// that cannot be reached moves the client to the next one (see `ProxmoxEndpoints`). Never empty.
    public var urls: [URL]
    public var auth: ProxmoxAuth
    public var tls: TLSSettings
    /// At most this many requests in flight to one node (`proxmox.maxConcurrentPerNode`, default 4: one more
    /// than pvedaemon's 3 workers, so a worker never waits while proxguac handles an answer).
    public var maxConcurrentPerNode: Int
    /// This cluster's own encryption key file (`proxmox[i].encryptionKeyFile`), else nil: the global
    /// `encryption.keyFile` seals its values (see docs/encryption.md, a key per cluster).
    public var encryptionKeyFile: String?
    /// Where this cluster's own key comes from: `PROXGUAC_ENCRYPTION_KEY_<NAME>` wins over `encryptionKeyFile`;
    /// nil when neither is set.
    public var encryptionKeyOrigin: SecretOrigin?

    public init(url: URL, auth: ProxmoxAuth, tls: TLSSettings = .init(), maxConcurrentPerNode: Int = Self.defaultMaxConcurrentPerNode) {
        self.init(urls: [url], auth: auth, tls: tls, maxConcurrentPerNode: maxConcurrentPerNode)
    }

    /// - Precondition: `urls` is not empty.
    public init(
        name: ClusterName? = nil, previousNames: [ClusterName] = [], urls: [URL], auth: ProxmoxAuth,
        tls: TLSSettings = .init(), maxConcurrentPerNode: Int = Self.defaultMaxConcurrentPerNode
    ) {
        precondition(!urls.isEmpty, "a Proxmox cluster needs at least one URL")
        self.name = name
        self.previousNames = previousNames
        self.urls = urls
        self.auth = auth
        self.tls = tls
        self.maxConcurrentPerNode = maxConcurrentPerNode
    }

    /// The first URL (the one tried first).
    public var url: URL {
        get { urls[0] }
        set { urls[0] = newValue }
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
