import ArgumentParser

/// The `fogline` command: a terminal RTS commanded in plain English.
@main
struct Fogline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fogline",
        abstract: "A real-time strategy game for the terminal, commanded in plain English.",
        discussion: """
            New here? Start with `fogline play`: a match against the bot, which waits on a
            briefing until you press Enter. F1 in the game lists the keys.
            """,
        version: "0.1.0",
        subcommands: [Play.self, Host.self, Join.self, Serve.self, Watch.self, Replay.self, Verify.self, Parse.self, Maps.self],
        defaultSubcommand: nil
    )

    /// Runs the command; `fogline help NAME` for a command that does not exist is an
    /// error. (The argument parser would print the top-level help and exit 0, which reads
    /// as if the command were documented there.)
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help", let name = arguments.dropFirst().first, !name.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(name) && name != "help" {
                let code = failure(
                    "no command named '\(name)'; the commands are \(names.joined(separator: ", ")) (fogline --help)",
                    code: ExitCode.validationFailure.rawValue)
                exit(withError: code)
            }
        }
        main(nil)
    }
}
