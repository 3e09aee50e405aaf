/// Connection attributes set by `sync.defaults`: they follow the config. An attribute changed in the web UI
/// is reported as "config wins" and overwritten; attributes the config does not set are not managed and keep
/// their values (an update sends them back as read).
enum ManagedAttributes {
    /// Names of the attributes `desired` sets whose value in Guacamole differs, sorted.
    static func changed(desired: ConnectionFields, observed: ConnectionFields) -> [String] {
        desired.attributes.filter { observed.attributes[$0.key] != $0.value }.map(\.key).sorted()
    }

    /// What an update sends: the attributes as read, with the managed ones on top.
    static func merged(desired: ConnectionFields, observed: ConnectionFields) -> ConnectionFields {
        var fields = desired
        fields.attributes = observed.attributes.merging(desired.attributes) { _, managed in managed }
        return fields
    }
}

extension ConnectionDecision {
    /// Turns an in-sync (or parameter-only) decision into an update when a managed attribute differs.
    mutating func enforceManagedAttributes() {
        guard let desired, let keeper else { return }
        let changed = ManagedAttributes.changed(desired: desired.fields, observed: keeper.fields)
        guard !changed.isEmpty else { return }
        let names = changed.map { "attribute \($0)" }
        let why = "\(names.joined(separator: ", ")) changed in Guacamole: config wins (sync.defaults), overwrite"
        switch work {
        case .align:
            statuses = [.pveChanged]
            reason = why
            changedFields = names
            work = .update
        case .update:
            changedFields += names
            reason += "; " + why
        default:
            break
        }
    }
}
