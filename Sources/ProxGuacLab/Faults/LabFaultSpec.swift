/// The `--fault SPEC` grammar of `proxguac lab`: one fault per spec, `TARGET:KEY=VALUE`.
///
/// | spec | fault |
/// | --- | --- |
/// | `guacamole:5xx=0.05`, `proxmox:503=0.1` | answer 500 (`5xx`) or that status to 5% / 10% of the requests |
/// | `proxmox:timeout=0.01` | never answer 1% of the requests (the client times out) |
/// | `guacamole:reset=0.02` | reset the connection |
/// | `proxmox:malformed-json=0.01` | cut the JSON body in half |
/// | `proxmox:empty-list=1@/api2/json/cluster/resources` | answer 200 with an empty list (a proxy, a token without VM.Audit) |
/// | `proxmox:gzip-label=1` | label the plain body `Content-Encoding: gzip` |
/// | `guacamole:token-expiry-after=200` | the Guacamole token stops working after 200 requests |
/// | `node:pve2=offline` | node pve2 answers 595 |
/// | `digest-race:vmid=101` | guest 101's notes change right after their next read |
/// | `agent:slow-ms=3000` | every guest-agent call takes 3 s longer |
///
/// A rate rule may end in `@PATH`, a glob (`*` matches anything) limiting it to some paths,
/// e.g. `proxmox:timeout=0.5@/api2/json/nodes/*/qemu/*/config`.
public enum LabFaultSpec {
    /// The faults `specs` describe, on top of `base`.
    public static func parse(_ specs: [String], base: LabFaults = LabFaults()) throws(LabFaultSpecError) -> LabFaults {
        var faults = base
        for spec in specs { try apply(spec, to: &faults) }
        return faults
    }

    static func apply(_ spec: String, to faults: inout LabFaults) throws(LabFaultSpecError) {
        guard let colon = spec.firstIndex(of: ":"), let equals = spec[colon...].firstIndex(of: "=") else {
            throw LabFaultSpecError(spec: spec, problem: "expected TARGET:KEY=VALUE")
        }
        let target = String(spec[..<colon])
        let key = String(spec[spec.index(after: colon)..<equals])
        let value = String(spec[spec.index(after: equals)...])
        func fail(_ problem: String) -> LabFaultSpecError { LabFaultSpecError(spec: spec, problem: problem) }

        switch (target, key) {
        case ("guacamole", "token-expiry-after"):
            guard let count = Int(value), count > 0 else { throw fail("the request count must be a whole number above 0") }
            faults.guacamoleTokenExpiresAfterRequests = count
        case ("node", _):
            guard !key.isEmpty, value == "offline" else { throw fail("write node:NAME=offline") }
            faults.offlineNodes.insert(key)
        case ("digest-race", "vmid"):
            guard let vmid = Int(value), vmid > 0 else { throw fail("the vmid must be a whole number above 0") }
            faults.digestRaceVMIDs.insert(vmid)
        case ("agent", "slow-ms"):
            guard let milliseconds = Int(value), milliseconds >= 0 else {
                throw fail("the delay must be a whole number of milliseconds")
            }
            faults.slowAgent = .milliseconds(milliseconds)
        case ("guacamole", _), ("proxmox", _):
            guard let kind = rateKind(key) else {
                throw fail("unknown fault '\(key)'; use 5xx, a status such as 503 or 302, timeout, reset, malformed-json, empty-list, gzip-label or token-expiry-after")
            }
            let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
            guard let rate = parts.first.flatMap(Double.init), rate > 0, rate <= 1 else {
                throw fail("the rate must be a number above 0 and at most 1, e.g. 0.05")
            }
            let path = parts.count == 2 ? parts[1] : "*"
            guard path.hasPrefix("/") || path.hasPrefix("*") else { throw fail("the path after @ must start with / or *") }
            faults.rules.append(LabFaultRule(server: LabServer(rawValue: target), path: path, kind: kind, rate: rate))
        default:
            throw fail("unknown target '\(target)'; use guacamole, proxmox, node, digest-race or agent")
        }
    }

    private static func rateKind(_ key: String) -> LabFaultKind? {
        switch key {
        case "5xx": .httpStatus(500)
        case "timeout": .hang
        case "reset": .reset
        case "malformed-json": .malformedJSON
        case "empty-list": .emptyList
        case "gzip-label": .gzipLabel
        default: Int(key).flatMap { (300...599).contains($0) ? .httpStatus($0) : nil }
        }
    }
}

/// A `--fault` spec that cannot be read; one line naming the spec and what to write instead.
public struct LabFaultSpecError: Error, Equatable, CustomStringConvertible {
    public let spec: String
    public let problem: String

    public var description: String { "--fault '\(spec)': \(problem) (see docs/lab.md)" }
}
