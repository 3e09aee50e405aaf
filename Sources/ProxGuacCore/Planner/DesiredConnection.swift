/// A connection as the notes (or the config, for external hosts) say it should be in Guacamole.
///
/// Built by the desired-connection builder (ProxGuacSync) from a credential entry, the guest's address
/// and the templates. `fields.parameters` holds everything proxguac pushes, including the password,
/// the Wake-on-LAN parameters and the identity marker (`withMarker` adds it).
public struct DesiredConnection: Sendable, Hashable, CustomStringConvertible {
    public let identity: ConnectionIdentity
    /// Name, protocol and parameters to push.
    public var fields: ConnectionFields
    /// Groups below the root group, outermost first: `["web01 (100)"]` with one group per guest,
    /// `[]` for a connection directly in the root group.
    public var groupNames: [String]
    /// The guest's name (VM name, container host name, or external host name): shown in plans and
    /// used by `AdoptionMatcher` to recognise Proxmox-Guacamole-Sync's `{user}@{vmname}-{proto}`.
    public var guestName: String

    public init(identity: ConnectionIdentity, name: String, groupNames: [String], guestName: String,
                parameters: ConnectionParameters, attributes: [String: String] = [:]) {
        self.identity = identity
        self.groupNames = groupNames
        self.guestName = guestName
        var parameters = parameters
        parameters[IdentityMarker.parameterName] = IdentityMarker.encode(identity)
        self.fields = ConnectionFields(name: name, protocolName: identity.protocolName, parameters: parameters, attributes: attributes)
    }

    public var name: String { fields.name }
    public var parameters: ConnectionParameters { fields.parameters }

    public var description: String { "\(identity) \(fields)" }
}
