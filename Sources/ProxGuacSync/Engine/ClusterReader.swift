import ProxGuacCore
import ProxGuacHTTP

/// One configured Proxmox VE cluster and the client that reads it (every cluster's client shares the engine's transport).
public struct ClusterReader: Sendable {
    public let settings: ProxmoxSettings
    public let client: ProxmoxClient

    /// The configured name (nil: the single unnamed cluster).
    public var name: ClusterName? { settings.name }

    /// `cluster "lab"`, or `the cluster` for the single unnamed one: how problem lines and reasons name it.
    public var label: String { Self.label(name) }

    public static func label(_ name: ClusterName?) -> String {
        name.map { "cluster \"\($0.text)\"" } ?? "the cluster"
    }
}

/// A cluster that could not be read this run: its connections were held, nothing of it changed.
public struct FailedCluster: Sendable, Hashable, CustomStringConvertible {
    public let name: ClusterName?
    /// The error, one line (`cannot connect to …`), never a secret.
    public let problem: String

    public init(name: ClusterName?, problem: String) {
        self.name = name
        self.problem = problem
    }

    /// `cluster "lab": cannot read its guests (…); its connections are kept until it answers again`.
    public var description: String {
        "\(ClusterReader.label(name)): cannot read its guests (\(problem)); its connections are kept untouched until it answers again"
    }
}
