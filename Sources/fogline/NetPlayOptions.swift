import Foundation
import ArgumentParser
import FoglineBot
import FoglineSim

/// What `host` and `join` share: who plays this side, how long, where the replay goes.
struct NetPlayOptions: ParsableArguments {
    @Flag(help: "Run without a terminal and print a JSON summary at the end.")
    var headless = false

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Who plays this side with --headless: bot, bot:easy, bot:normal or script:FILE.", valueName: "side"))
    var side: SideOption?

    @Option(help: "The level of a side given as plain `bot`: easy or normal.")
    var bot: BotLevel = .normal

    @Option(
        help: "Stop after this many frames (30 a second) even if the match goes on. The host sets it for both; a joiner may repeat it, not change it."
    )
    var frames: Int32?

    @Option(help: "Write the replay to this file (default: the replay folder).")
    var record: String?

    @Option(help: "Your name as the other player sees it (default: $USER).")
    var name: String?

    @Option(help: "The keymap: default, vi, or a path to a keymap file.")
    var keymap: String = "default"

    func validate() throws {
        if let frames, frames <= 0 { throw ValidationError("--frames must be a positive number of frames") }
        if headless && side == nil { throw ValidationError("--headless needs --as bot or --as script:FILE") }
        if !headless && side != nil { throw ValidationError("--as is for --headless; in the terminal you play this side") }
        if let name, PlayerName.clean(name) == nil {
            throw ValidationError("--name must have 1 to 32 bytes of printable text")
        }
    }
}

extension NetPlayOptions {
    /// `--record`, or a new file in the replay folder named after the map, the seed and the side.
    func replayPath(map: String, seed: UInt64, side: String) throws -> String {
        do {
            return try record ?? Fogline.Play.defaultReplayPath(map: map, seed: seed, tag: side)
        } catch {
            throw failure("cannot make the replay folder: \(error)")
        }
    }
}

/// Names as the wire carries them: 1...32 UTF-8 bytes, no control characters.
enum PlayerName {
    /// `text` trimmed and fit to the wire, or nil if nothing printable is left.
    static func clean(_ text: String) -> String? {
        let printable = text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }
        var name = String(String.UnicodeScalarView(printable)).trimmingCharacters(in: .whitespaces)
        while name.utf8.count > 32 { name.removeLast() }
        return name.isEmpty ? nil : name
    }

    /// The name to use: the flag, else $USER, else `fallback`.
    static func choose(_ flag: String?, fallback: String) -> String {
        if let flag, let name = clean(flag) { return name }
        if let user = ProcessInfo.processInfo.environment["USER"], let name = clean(user) { return name }
        return fallback
    }
}
