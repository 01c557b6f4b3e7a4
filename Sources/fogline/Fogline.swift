import ArgumentParser

/// The `fogline` command: a terminal RTS commanded in plain English.
@main
struct Fogline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fogline",
        abstract: "A real-time strategy game for the terminal, commanded in plain English.",
        version: "0.1.0",
        subcommands: [Play.self, Host.self, Join.self, Serve.self, Replay.self, Verify.self, Parse.self, Maps.self],
        defaultSubcommand: nil
    )
}
