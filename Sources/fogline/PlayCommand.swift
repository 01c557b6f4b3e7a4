import ArgumentParser
import Foundation
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim

extension Fogline {
    /// `fogline play`: a match on this machine.
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a match on this machine.",
            discussion: """
                In a terminal: you against the built-in bot, commanded in plain English at the \
                prompt (F1 or ? for help). The replay goes to $XDG_DATA_HOME/fogline/replays \
                (or ~/.local/share/fogline/replays) unless --record says where.

                With --headless: no terminal; each side is a bot or a script, and the run \
                ends with one JSON line (frames, hash, winner, score, ...).
                """)

        @Flag(help: "Run without a terminal and print a JSON summary at the end.")
        var headless = false

        @Option(help: "Who plays side 1: bot, bot:easy, bot:normal or script:FILE.")
        var p1: SideOption = .bot(nil)

        @Option(help: "Who plays side 2: bot, bot:easy, bot:normal or script:FILE.")
        var p2: SideOption = .bot(nil)

        @Option(help: "The level of a side given as plain `bot`: easy or normal.")
        var bot: BotLevel = .normal

        @Option(help: "A map name (see `fogline maps`) or a path to a map file.")
        var map: String = MapCatalog.defaultMapName

        @Option(help: "The match seed (a whole number); random when left out.")
        var seed: UInt64?

        @Option(help: "Stop after this many frames (30 a second) even if the match goes on.")
        var frames: Int32?

        @Option(help: "Write the replay to this file.")
        var record: String?

        @Flag(help: "Run at 30 frames a second instead of as fast as possible (headless).")
        var realtime = false

        @Option(help: "The keymap: default, vi, or a path to a keymap file.")
        var keymap: String = "default"

        @OptionGroup var resolverOptions: ResolverOptions
        @OptionGroup var serverOptions: ServerPlayOptions

        func validate() throws {
            if let frames, frames <= 0 { throw ValidationError("--frames must be a positive number of frames") }
            try serverOptions.validate(headless: headless, map: map)
        }

        func run() throws {
            if serverOptions.server != nil { return try runOnServer() }
            if !headless { return try runInTerminal() }
            let gameMap = try loadMap(map)
            let seed = self.seed ?? randomSeed()
            let controllers: [PlayerController]
            do {
                controllers = try [
                    p1.controller(player: 1, defaultLevel: bot, seed: seed, map: gameMap),
                    p2.controller(player: 2, defaultLevel: bot, seed: seed, map: gameMap),
                ]
            } catch {
                throw failure("\(error)")
            }
            var match = LocalMatch(map: gameMap, seed: seed, player1: controllers[0], player2: controllers[1])
            let names = controllers.map(\.kind)
            var recorder: MatchRecorder?
            if let record {
                do {
                    recorder = try MatchRecorder(
                        path: record, world: match.world,
                        players: names.enumerated().map { ReplayPlayer(name: "player \($0.offset + 1)", kind: $0.element) })
                } catch {
                    throw failure("cannot write the replay: \(error)")
                }
                match.onFrame = { frame, input, world in try recorder?.frameRan(frame, input: input, world: world) }
            }
            let limit = frames ?? gameMap.timeLimitFrames
            let pacer = realtime ? FramePacer() : nil
            do {
                while !match.isOver && match.world.frame < limit {
                    try match.runFrame()
                    pacer?.wait()
                }
                try recorder?.finish(world: match.world)
            } catch {
                throw failure("the replay could not be written: \(error)")
            }
            print(MatchSummary(world: match.world, players: names, replay: record).jsonLine)
        }
    }
}
