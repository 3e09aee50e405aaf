import ProxGuacCore

/// One guest whose notes still hold plain-text passwords.
public struct PlainPasswordGuest: Sendable, Hashable, Identifiable {
    /// The guest's cluster and vmid: guest 101 of `lab1` and of `lab2` are two guests.
    public var id: GuestKey { key }
    public var key: GuestKey { GuestKey(cluster: cluster, vmid: vmid) }
    public var vmid: Int
    /// The configured name of the guest's cluster; nil for the single unnamed cluster.
    public var cluster: ClusterName?
    public var name: String
    /// How many credential entries have a plain `pass:`/`password:` value (counts only, never values).
    public var plainPasswords: Int

    public init(vmid: Int, cluster: ClusterName? = nil, name: String, plainPasswords: Int) {
        self.vmid = vmid
        self.cluster = cluster
        self.name = name
        self.plainPasswords = plainPasswords
    }
}

/// What encrypting the passwords in the guests' notes would do, before doing it.
public struct NotesEncryptionPreview: Sendable, Hashable {
    /// Guests with at least one plain password, by cluster and vmid.
    public var guests: [PlainPasswordGuest]
    /// How many guests' notes were read.
    public var guestsChecked: Int
    /// Why encrypting cannot run now (e.g. no key configured), as one line naming the fix; nil when it can.
    public var blocker: String?
    /// Guests whose notes could not be read, one line each (never a password).
    public var failures: [String]

    public init(guests: [PlainPasswordGuest], guestsChecked: Int, blocker: String? = nil, failures: [String] = []) {
        self.guests = guests.filter { $0.plainPasswords > 0 }.sorted { $0.key < $1.key }
        self.guestsChecked = guestsChecked
        self.blocker = blocker
        self.failures = failures
    }

    /// Plain passwords in all listed guests.
    public var plainPasswords: Int { guests.reduce(0) { $0 + $1.plainPasswords } }
    /// Whether there is something to encrypt and a key to do it with.
    public var canEncrypt: Bool { blocker == nil && plainPasswords > 0 }
    /// "3 plain passwords in 2 guests".
    public var countText: String {
        "\(plainPasswords) plain password\(plainPasswords == 1 ? "" : "s") in \(guests.count) guest\(guests.count == 1 ? "" : "s")"
    }
}

/// What encrypting did: counts only, never a value.
public struct NotesEncryptionSummary: Sendable, Hashable {
    /// Passwords now stored as `encrypted_password`.
    public var encryptedPasswords: Int
    /// Guests whose notes were rewritten.
    public var guestsChanged: Int
    /// One line per guest that failed, naming it and why (never a password).
    public var failures: [String]
    /// True when cancelled before the end; the counts say what was done.
    public var wasCancelled: Bool

    public init(encryptedPasswords: Int = 0, guestsChanged: Int = 0, failures: [String] = [], wasCancelled: Bool = false) {
        self.encryptedPasswords = encryptedPasswords
        self.guestsChanged = guestsChanged
        self.failures = failures
        self.wasCancelled = wasCancelled
    }
}
