/// `sync.defaults`: parameters and attributes every connection of a protocol gets from the config.
///
/// Parameters are the base the notes' `*_settings` override; attributes (`max-connections`, …) come only
/// from here. Values are templates (`/home/{user}`), rendered per connection. An attribute set here is
/// managed: a different value in Guacamole is overwritten ("config wins"); attributes not set here are
/// not managed and keep whatever value they have.
public struct ConnectionDefaults: Sendable, Hashable {
    /// One protocol's defaults, in the order written (templates validated).
    public struct Values: Sendable, Hashable {
        public var parameters: [(name: String, value: NameTemplate)]
        public var attributes: [(name: String, value: NameTemplate)]

        public init(parameters: [(name: String, value: NameTemplate)] = [], attributes: [(name: String, value: NameTemplate)] = []) {
            self.parameters = parameters
            self.attributes = attributes
        }

        public static func == (lhs: Values, rhs: Values) -> Bool {
            lhs.parameters.map(\.name) == rhs.parameters.map(\.name) && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
                && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
        }

        public func hash(into hasher: inout Hasher) {
            for item in parameters + [(name: "", value: NameTemplate.standard)] + attributes {
                hasher.combine(item.name)
                hasher.combine(item.value)
            }
        }

        /// `other`'s keys override these, the rest are kept.
        func overridden(by other: Values) -> Values {
            func merge(_ base: [(name: String, value: NameTemplate)], _ top: [(name: String, value: NameTemplate)])
                -> [(name: String, value: NameTemplate)] {
                base.filter { item in !top.contains { $0.name == item.name } } + top
            }
            return Values(parameters: merge(parameters, other.parameters), attributes: merge(attributes, other.attributes))
        }

        public var isEmpty: Bool { parameters.isEmpty && attributes.isEmpty }
    }

    /// `sync.defaults.preset`, when given.
    public var preset: ConnectionDefaultsPreset?
    /// The effective defaults per protocol: the preset's, overridden key by key by the explicit ones.
    public var byProtocol: [GuestProtocol: Values]

    public init(preset: ConnectionDefaultsPreset? = nil, byProtocol: [GuestProtocol: Values] = [:]) {
        self.preset = preset
        self.byProtocol = byProtocol
    }

    /// The preset's values overridden by `explicit`.
    public init(preset: ConnectionDefaultsPreset?, explicit: [GuestProtocol: Values]) {
        self.preset = preset
        var merged = preset?.values ?? [:]
        for (proto, values) in explicit {
            merged[proto] = (merged[proto] ?? Values()).overridden(by: values)
        }
        byProtocol = merged
    }

    public var isEmpty: Bool { byProtocol.values.allSatisfy(\.isEmpty) }

    /// The rendered parameters for one connection (empty renderings left out).
    public func parameters(for proto: GuestProtocol, _ variables: TemplateVariables) -> [(String, String)] {
        (byProtocol[proto]?.parameters ?? []).map { ($0.name, $0.value.render(variables)) }.filter { !$0.1.isEmpty }
    }

    /// The rendered attributes for one connection (empty renderings left out).
    public func attributes(for proto: GuestProtocol, _ variables: TemplateVariables) -> [String: String] {
        var result: [String: String] = [:]
        for item in byProtocol[proto]?.attributes ?? [] {
            let value = item.value.render(variables)
            if !value.isEmpty { result[item.name] = value }
        }
        return result
    }

    /// Parameter names proxguac sets from the entry itself: the defaults may not set them.
    public static let reservedParameters: Set<String> = [
        GuacamoleParameterName.hostname, GuacamoleParameterName.port, GuacamoleParameterName.username,
        GuacamoleParameterName.password, GuacamoleParameterName.domain, GuacamoleParameterName.marker,
    ]
}

extension ConnectionDefaults {
    /// The effective defaults (preset merged with explicit keys), as `config check` shows them.
    var effectiveJSON: JSONValue {
        var members = [JSONMember("preset", preset.map { .string($0.rawValue) } ?? .null)]
        for proto in GuestProtocol.allCases {
            guard let values = byProtocol[proto], !values.isEmpty else { continue }
            members.append(JSONMember(proto.rawValue, .object([
                JSONMember("parameters", .object(values.parameters.map { JSONMember($0.name, .string($0.value.text)) })),
                JSONMember("attributes", .object(values.attributes.map { JSONMember($0.name, .string($0.value.text)) })),
            ])))
        }
        return .object(members)
    }
}
