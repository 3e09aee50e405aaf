@testable import ProxGuacCore

/// The fields of an entry a user sees, in comparable form (location left out).
struct EntrySummary: Equatable, CustomStringConvertible {
    var username = "u"
    var password = "plain:p"
    var protocols: [GuestProtocol] = [.rdp]
    var ports: [GuestProtocol: Int] = [:]
    var connectionName: String? = nil
    var settings: [GuestProtocol: String] = [:]
    var wakeOnLAN: WakeOnLANSettings? = nil
    var wakeOnLANDisabled = false
    var host: String? = nil
    var domain: String? = nil
    var group: String? = nil

    init(
        username: String = "u", password: String = "plain:p", protocols: [GuestProtocol] = [.rdp],
        ports: [GuestProtocol: Int] = [:], connectionName: String? = nil, settings: [GuestProtocol: String] = [:],
        wakeOnLAN: WakeOnLANSettings? = nil, wakeOnLANDisabled: Bool = false, host: String? = nil,
        domain: String? = nil, group: String? = nil
    ) {
        self.username = username
        self.password = password
        self.protocols = protocols
        self.ports = ports
        self.connectionName = connectionName
        self.settings = settings
        self.wakeOnLAN = wakeOnLAN
        self.wakeOnLANDisabled = wakeOnLANDisabled
        self.host = host
        self.domain = domain
        self.group = group
    }

    init(_ entry: CredentialEntry) {
        username = entry.username
        password = switch entry.password {
        case let .plain(secret): "plain:" + secret.value
        case let .encrypted(cipher): "encrypted:" + cipher
        case let .sshKey(name): "key:" + name
        }
        protocols = entry.protocols
        ports = entry.ports
        connectionName = entry.connectionName?.text
        settings = entry.settings.mapValues { $0.map { "\($0.name)=\($0.value)" }.joined(separator: ",") }
        wakeOnLAN = entry.wakeOnLAN
        wakeOnLANDisabled = entry.wakeOnLANDisabled
        host = entry.host
        domain = entry.domain
        group = entry.group
    }

    var description: String {
        "\(username) \(password) \(protocols) ports=\(ports) name=\(connectionName ?? "-") settings=\(settings) "
            + "wol=\(String(describing: wakeOnLAN)) wolDisabled=\(wakeOnLANDisabled) host=\(host ?? "-") "
            + "domain=\(domain ?? "-") group=\(group ?? "-")"
    }
}

extension ParsedNotes {
    var summaries: [EntrySummary] { entries.map(EntrySummary.init) }
    var codes: [NotesDiagnostic.Code] { diagnostics.map(\.code) }
}

/// A small deterministic random generator (SplitMix64) so property and fuzz tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
