import ArgumentParser

/// `proxguac config ...`: work with the configuration file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration file.",
        subcommands: [
            ConfigCheckCommand.self,
        ]
    )
}
