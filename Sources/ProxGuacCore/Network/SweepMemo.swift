import Foundation

/// What the last sweep of an applying run found, kept in the state file so that the next runs within
/// `network.sweepInterval` reuse it instead of sweeping again. It is the chain's last resort: an answer
/// to this run's sweep and the live neighbour table both beat it.
public struct SweepMemo: Sendable, Hashable {
    /// When the sweep ran.
    public var time: Date
    /// The subnets it covered: a memo for other subnets (the config changed) is not reused.
    public var subnets: [IPv4Subnet]
    /// Every MAC that answered, with its address.
    public var addresses: [MACAddress: IPv4Address]

    public init(time: Date, subnets: [IPv4Subnet], addresses: [MACAddress: IPv4Address]) {
        self.time = time
        self.subnets = subnets
        self.addresses = addresses
    }

    /// Young enough to stand in for a sweep at `now`, and about the same subnets.
    public func isReusable(at now: Date, intervalSeconds: Int, subnets wanted: [IPv4Subnet]) -> Bool {
        let age = now.timeIntervalSince(time)
        return age >= 0 && age < Double(intervalSeconds) && Set(subnets) == Set(wanted)
    }
}

/// The memo's place in the state file: `"sweep" : { "addresses" : { MAC : IPv4 }, "subnets" : [...], "time" : ISO 8601 }`.
extension SweepMemo {
    func write(to out: inout JSONByteWriter) {
        out.raw(",\n  \"sweep\" : {\n    \"addresses\" : {")
        let pairs = addresses.map { (mac: $0.key.description, address: $0.value.description) }.sorted { $0.mac < $1.mac }
        for (position, pair) in pairs.enumerated() {
            out.raw(position == 0 ? "\n      " : ",\n      ")
            out.string(pair.mac)
            out.raw(" : ")
            out.string(pair.address)
        }
        out.raw(pairs.isEmpty ? "\n\n    },\n    \"subnets\" : " : "\n    },\n    \"subnets\" : ")
        out.stateFileStringList(subnets.sorted().map(\.description))
        out.raw(",\n    \"time\" : ")
        out.string(time.formatted(.iso8601))
        out.raw("\n  }")
    }

    /// Reads the `sweep` member; `nil` (the memo is dropped, never the state) when it is malformed.
    init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        func member(_ key: String) -> JSONValue? { members.last { $0.key == key }?.value }
        guard case .string(let timeText)? = member("time"), let time = try? Date(timeText, strategy: .iso8601),
              case .array(let subnetValues)? = member("subnets"), case .object(let pairs)? = member("addresses")
        else { return nil }
        var subnets: [IPv4Subnet] = []
        for value in subnetValues {
            guard case .string(let text) = value, let subnet = IPv4Subnet(parsing: text) else { return nil }
            subnets.append(subnet)
        }
        var addresses: [MACAddress: IPv4Address] = [:]
        for pair in pairs {
            guard let mac = try? MACAddress(pair.key), case .string(let text) = pair.value,
                  let address = IPv4Address(parsing: Substring(text)) else { return nil }
            addresses[mac] = address
        }
        self.init(time: time, subnets: subnets, addresses: addresses)
    }
}
