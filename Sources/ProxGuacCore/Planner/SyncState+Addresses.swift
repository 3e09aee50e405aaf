/// Issue 15, "last known address": each guest connection's record remembers the address it was applied with,
/// so a guest without an address whose connection was also deleted by hand can be recreated with it.
extension SyncState {
    /// The records' addresses by identity (what ``DesiredSetBuilder`` falls back to after the observed hostnames).
    public var recordedAddresses: [ConnectionIdentity: String] {
        records.compactMapValues(\.address)
    }

    /// Sets the address of each guest connection's record to the hostname of its desired connection, except for
    /// `failed` identities (their change did not land). A record without a desired connection keeps its address.
    public mutating func recordAddresses(of desired: [DesiredConnection], except failed: Set<ConnectionIdentity> = []) {
        for connection in desired where !failed.contains(connection.identity) {
            guard case .proxmox = connection.identity.source, records[connection.identity] != nil,
                  let hostname = connection.parameters[GuacamoleParameterName.hostname], !hostname.isEmpty else { continue }
            records[connection.identity]?.address = hostname
        }
    }
}
