/// `netN` property strings, written in PVE's normal form (reference §5.5).
enum NetworkLine {
    static let qemuModels: Set<String> = [
        "e1000", "e1000-82540em", "e1000-82544gc", "e1000-82545em", "e1000e", "i82551", "i82557b", "i82559er",
        "ne2k_isa", "ne2k_pci", "pcnet", "rtl8139", "virtio", "vmxnet3",
    ]

    /// QEMU: `model=MAC` first, other keys alphabetical. LXC: `name=` first, other keys alphabetical.
    /// Nil when the line cannot be parsed (no model / no name).
    static func normalise(_ line: String, type: LabScenario.GuestType) -> String? {
        var pairs: [String: String] = [:]
        for part in line.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            pairs[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        switch type {
        case .qemu:
            var model = pairs.removeValue(forKey: "model")
            var mac = pairs.removeValue(forKey: "macaddr")
            if let key = pairs.keys.first(where: { qemuModels.contains($0) }) {
                model = key
                let value = pairs.removeValue(forKey: key) ?? ""
                if !value.isEmpty { mac = value }
            }
            guard let model, qemuModels.contains(model) else { return nil }
            let head = mac.map { "\(model)=\($0.uppercased())" } ?? model
            return ([head] + pairs.keys.sorted().map { "\($0)=\(pairs[$0] ?? "")" }).joined(separator: ",")
        case .lxc:
            guard let name = pairs.removeValue(forKey: "name"), !name.isEmpty else { return nil }
            return (["name=\(name)"] + pairs.keys.sorted().map { "\($0)=\(pairs[$0] ?? "")" }).joined(separator: ",")
        }
    }

    /// Adds a generated MAC (`BC:24:11:…`) when the line has none.
    static func withMAC(_ line: String, type: LabScenario.GuestType, generate: () -> String) -> String {
        var parts = line.split(separator: ",").map(String.init)
        switch type {
        case .qemu:
            if let first = parts.first, !first.contains("=") { parts[0] = "\(first)=\(generate())" }
        case .lxc:
            if !parts.contains(where: { $0.hasPrefix("hwaddr=") }) {
                parts.append("hwaddr=\(generate())")
                let name = parts.removeFirst()
                parts = [name] + parts.sorted()
            }
        }
        return parts.joined(separator: ",")
    }

    /// The MAC in a `netN` line, upper-cased (QEMU `model=MAC`, LXC `hwaddr=MAC`).
    static func mac(in line: String) -> String? {
        for part in line.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            if kv[0] == "hwaddr" || kv[0] == "macaddr" || qemuModels.contains(kv[0]) { return kv[1].uppercased() }
        }
        return nil
    }
}
