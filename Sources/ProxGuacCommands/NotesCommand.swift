import ArgumentParser

/// `proxguac notes ...`: work with the credential notes of guests.
struct NotesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Work with the credential entries written in guest notes.",
        subcommands: [
            NotesCheckCommand.self,
        ]
    )
}
