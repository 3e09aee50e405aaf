/// The kernel's state of one neighbour entry (`NUD_*`, as `ip neigh` prints it).
public enum NeighbourState: String, Sendable, Hashable, Codable {
    /// Confirmed within the reachable time (an ARP reply or upper-layer traffic proved it).
    case reachable = "REACHABLE"
    /// Confirmed once, longer ago; still the last MAC the kernel saw there.
    case stale = "STALE"
    /// Stale and in use: the kernel waits a moment before probing.
    case delay = "DELAY"
    /// Stale and in use: the kernel is sending unicast ARP probes now.
    case probe = "PROBE"
    /// Resolution failed: nobody answered at this address.
    case failed = "FAILED"
    /// Resolution running: no answer yet.
    case incomplete = "INCOMPLETE"
    /// Set by an administrator (`ip neigh add … permanent`).
    case permanent = "PERMANENT"
    /// No ARP on this device (point-to-point, loopback).
    case noARP = "NOARP"

    /// The entry names a MAC that answered at this address (at some point): it may be used.
    public var isConfirmed: Bool {
        switch self {
        case .reachable, .stale, .delay, .probe, .permanent: true
        case .failed, .incomplete, .noARP: false
        }
    }
}

/// One entry of the machine's ARP/neighbour table.
public struct NeighbourEntry: Sendable, Hashable {
    public var address: IPAddress
    public var mac: MACAddress
    public var device: String
    public var state: NeighbourState
    /// How long ago the kernel last confirmed the entry (`ndm_confirmed`); `nil` when unknown.
    public var confirmedAgo: Duration?

    public init(address: IPAddress, mac: MACAddress, device: String, state: NeighbourState = .reachable, confirmedAgo: Duration? = nil) {
        self.address = address
        self.mac = mac
        self.device = device
        self.state = state
        self.confirmedAgo = confirmedAgo
    }
}

/// Which of several neighbour entries for one MAC is the guest's current address: only confirmed
/// entries count, and the most recently confirmed one wins (a guest that moved from .11 to .21 leaves a
/// stale .11 behind that the kernel confirmed longer ago). Ties go to REACHABLE, then the lower address.
public enum NeighbourRanking {
    public static func current(_ entries: [NeighbourEntry], mac: MACAddress) -> [NeighbourEntry] {
        entries.filter { $0.mac == mac && $0.state.isConfirmed }.sorted(by: fresher)
    }

    public static func fresher(_ a: NeighbourEntry, _ b: NeighbourEntry) -> Bool {
        let ageA = a.confirmedAgo ?? .seconds(Int64.max / 4)
        let ageB = b.confirmedAgo ?? .seconds(Int64.max / 4)
        if ageA != ageB { return ageA < ageB }
        if (a.state == .reachable) != (b.state == .reachable) { return a.state == .reachable }
        return a.address < b.address
    }
}
