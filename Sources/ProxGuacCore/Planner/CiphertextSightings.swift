/// Where the state last saw each unbound encrypted password (`v1` and legacy Fernet values): a value
/// opens only at the places recorded for it, so a value copied into another guest's notes is no
/// decryption oracle. A value the state has never seen (first run after the upgrade, or a new value)
/// is accepted where it is now and recorded there. Bound `v2` values carry their place and are not
/// recorded. Values are kept by fingerprint (SHA-256 of the value text, never the value) and are not
/// forgotten when they leave the notes, so a removed value cannot come back elsewhere as "new".
///
/// State file (only when non-empty, next to `connections`):
///
///     "ciphertexts" : { "<32 hex>" : [ "101:admin", "lab/102:admin" ] },
///     "ciphertextsUnnamedCluster" : "lab",
///
/// A named cluster's places carry its name (`lab/102:admin`). `unnamedBecame` remembers which cluster was the
/// single unnamed one when its name was first given (the naming migration): its guests still accept values bound
/// without a cluster name (see ``ProxGuacConfig/formerBindings(of:unnamedBecame:)``).
public struct CiphertextSightings: Sendable, Hashable {
    /// Places by value fingerprint.
    public private(set) var places: [String: Set<CredentialPlace>]
    /// The name the single unnamed cluster got (kept up to date through renames); nil until a name is given.
    public var unnamedBecame: ClusterName?

    public init(places: [String: Set<CredentialPlace>] = [:]) {
        self.places = places
    }

    public var isEmpty: Bool { places.isEmpty }

    public enum Verdict: Sendable, Equatable {
        case firstSight
        case seenHere
        /// Seen before, never here: the places it was seen at.
        case seenElsewhere([CredentialPlace])
    }

    /// The fingerprint under which `value` is kept: 32 hex digits of SHA-256 of the trimmed text.
    public static func fingerprint(_ value: String) -> String {
        String(SHA256.hexDigest(Array(value.trimmingWhitespace().utf8)).prefix(32))
    }

    /// - Parameter formerClusters: older names of `place`'s cluster (``ProxGuacConfig/formerBindings(of:unnamedBecame:)``):
    ///   a value seen at the same vmid and user under one of them was seen here.
    public func verdict(_ value: String, at place: CredentialPlace, formerClusters: [ClusterName?] = []) -> Verdict {
        guard let seen = places[Self.fingerprint(value)] else { return .firstSight }
        let here = seen.contains { $0.vmid == place.vmid && $0.user == place.user && ($0.cluster == place.cluster || formerClusters.contains($0.cluster)) }
        return here ? .seenHere : .seenElsewhere(seen.sorted())
    }

    public mutating func record(_ value: String, at place: CredentialPlace) {
        places[Self.fingerprint(value), default: []].insert(place)
    }

    /// Adds every place of `other` (the sightings of one run on top of the loaded ones).
    public mutating func merge(_ other: CiphertextSightings) {
        for (fingerprint, seen) in other.places { places[fingerprint, default: []].formUnion(seen) }
        unnamedBecame = other.unnamedBecame ?? unnamedBecame
    }

    // MARK: State file form

    /// `101:admin`, `lab/101:admin` for a named cluster (the user is everything after the first colon).
    static func text(_ place: CredentialPlace) -> String { "\(place.guest):\(place.user)" }

    static func place(_ text: String) -> CredentialPlace? {
        guard let colon = text.firstIndex(of: ":"), let guest = GuestKey(String(text[..<colon])) else { return nil }
        return CredentialPlace(cluster: guest.cluster, vmid: guest.vmid, user: String(text[text.index(after: colon)...]))
    }

    static let unnamedClusterMember = "ciphertextsUnnamedCluster"

    /// Writes `"ciphertexts" : {…},` (pretty, sorted, as `JSONEncoder` would) when there is anything to write.
    func write(to out: inout JSONByteWriter) {
        defer {
            if let unnamedBecame {
                out.raw("\n  ")
                out.string(Self.unnamedClusterMember)
                out.raw(" : ")
                out.string(unnamedBecame.text)
                out.raw(",")
            }
        }
        guard !places.isEmpty else { return }
        out.raw("\n  \"ciphertexts\" : {")
        for (position, fingerprint) in places.keys.sorted(by: ConnectionParameters.byteOrder).enumerated() {
            out.raw(position == 0 ? "\n    " : ",\n    ")
            out.string(fingerprint)
            out.raw(" : ")
            out.stateFileStringList((places[fingerprint] ?? []).map(Self.text).sorted(by: ConnectionParameters.byteOrder))
        }
        out.raw("\n  },")
    }

    /// Reads the `ciphertexts` member; nil (absent) gives no sightings.
    init(stateFileValue value: JSONValue?) throws(SyncStateFileError) {
        self.init()
        guard let value else { return }
        guard case .object(let members) = value else { throw SyncStateFileError("\"ciphertexts\" is not an object") }
        for member in members {
            guard case .array(let items) = member.value else {
                throw SyncStateFileError("ciphertexts \"\(member.key)\" is not a list of places")
            }
            for item in items {
                guard case .string(let text) = item, let place = Self.place(text) else {
                    throw SyncStateFileError("ciphertexts \"\(member.key)\" has a place that is not \"VMID:USER\" or \"CLUSTER/VMID:USER\"")
                }
                places[member.key, default: []].insert(place)
            }
        }
    }
}
