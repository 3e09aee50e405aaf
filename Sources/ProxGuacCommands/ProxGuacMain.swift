import ArgumentParser

/// The root command. Each subcommand lives in its own file; register it here, one per line.
public struct ProxGuacMain: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "proxguac",
        abstract: "Turn Proxmox VE guests into Apache Guacamole connections.",
        discussion: """
        Options such as --config, --log-level, --log-format and --color go after the subcommand.

        Exit codes:
          0   success
          1   fatal error
          2   bad configuration or usage (also: interactive command without a terminal)
          3   the run finished but some items failed
          4   another proxguac run holds the lock
          64  the command line could not be parsed (unknown option, bad argument)
        """,
        version: ProxGuacVersion.current,
        subcommands: [
            // (subcommands are registered here, one per line)
            EncryptNotesCommand.self,
            RekeyCommand.self,
            KeygenCommand.self,
            LabCommand.self,
            ConfigCommand.self,
            UICommand.self,
            NotesCommand.self,
            WakeCommand.self,
            TestNetworkCommand.self,
            TestAuthCommand.self,
            AutoCommand.self,
            ListCommand.self,
            DemoCommand.self,
            AdoptCommand.self,
            ImportConfigCommand.self,
            AddCommand.self,
            DeleteCommand.self,
            AddExternalCommand.self,
            RemoveExternalCommand.self,
        ],
        defaultSubcommand: UICommand.self
    )
    public init() {}
}

public enum ProxGuacVersion {
    public static let current = "0.1.0"
}
