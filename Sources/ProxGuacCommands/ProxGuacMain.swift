import ArgumentParser

/// The root command. Each subcommand lives in its own file; register it here, one per line.
public struct ProxGuacMain: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "proxguac",
        abstract: "Turn Proxmox VE guests into Apache Guacamole connections.",
        discussion: """
        The shared options (--config, --log-level, --log-format, --color, --audit-log, --concurrency) may stand
        before or after the subcommand: `proxguac --config FILE auto` is `proxguac auto --config FILE`.

        Exit codes:
          0   success
          1   fatal error
          2   bad configuration or usage (also: interactive command without a terminal)
          3   the run finished but some items failed
          4   another proxguac run holds the lock
          6   auto left drift or conflicts in Guacamole unresolved (most serious wins: 1 > 5 > 3 > 6 > 0)
          64  the command line could not be parsed (unknown command or option, bad argument)
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
            InitCommand.self,
        ],
        defaultSubcommand: UICommand.self
    )
    public init() {}
}

public enum ProxGuacVersion {
    public static let current = "0.1.0"
}
