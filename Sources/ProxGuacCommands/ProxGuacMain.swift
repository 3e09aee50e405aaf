import ArgumentParser

/// The root command. Each subcommand lives in its own file; register it here, one per line.
public struct ProxGuacMain: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "proxguac",
        abstract: "Turn Proxmox VE guests into Apache Guacamole connections.",
        version: ProxGuacVersion.current,
        subcommands: [
            // (subcommands are registered here, one per line)
            KeygenCommand.self,
            LabCommand.self,
        ]
    )
    public init() {}
}

public enum ProxGuacVersion {
    public static let current = "0.1.0"
}
