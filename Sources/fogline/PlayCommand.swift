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
                prompt (F1 for help). The match waits on \
                a briefing until Enter. The replay goes to $XDG_DATA_HOME/fogline/replays \
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

        @Option(
            name: .customLong("from"),
            help: ArgumentHelp(
                "Take over a recorded match: REPLAY, REPLAY@FRAME or REPLAY@mm:ss (its last frame when left out).",
                discussion: "The new match starts from that frame, on the replay's own map and seed.",
                valueName: "replay[@frame]"))
        var takeOverFrom: String?

        /// The side you play in a match taken over with --from (`--as 1|2`, default 1).
        var side: Int {
            if case .side(let n) = serverOptions.side { return n }
            return 1
        }

        @OptionGroup var resolverOptions: ResolverOptions
        @OptionGroup var serverOptions: ServerPlayOptions

        func validate() throws {
            if takeOverFrom != nil {
                if serverOptions.server != nil { throw ValidationError("--from starts a match on this machine; it does not go with --server") }
                if seed != nil { throw ValidationError("--from plays on the replay's own seed; leave out --seed") }
            }
            if let frames, frames <= 0 { throw ValidationError("--frames must be a positive number of frames") }
            try serverOptions.validate(headless: headless, map: map, takingOver: takeOverFrom != nil)
        }

        func run() throws {
            if serverOptions.server != nil { return try runOnServer() }
            let takeOver = try takeOverFrom.map(Self.openTakeOver)
            if !headless { return try runInTerminal(takeOver: takeOver) }
            let gameMap = try takeOver?.map ?? loadMap(map)
            let seed = takeOver?.seed ?? self.seed ?? randomSeed()
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
            if let takeOver {
                let started: (match: LocalMatch, recorder: MatchRecorder?, hash: UInt64)
                do {
                    started = try takeOver.start(
                        player1: controllers[0], player2: controllers[1], recordTo: record,
                        players: names.enumerated().map { ReplayPlayer(name: "player \($0.offset + 1)", kind: $0.element) })
                } catch {
                    throw failure("cannot take over \(takeOver.source): \(error)")
                }
                (match, recorder) = (started.match, started.recorder)
                note("fogline: took over \(takeOver.source) at frame \(takeOver.frame), hash \(started.hash.hex16)")
            } else if let record {
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

extension Fogline.Play {
    /// Opens `--from REPLAY[@FRAME|@mm:ss]`; a replay that cannot be taken over is a one-line error.
    static func openTakeOver(_ spec: String) throws -> TakeOver {
        let (path, frame) = TakeOver.parse(spec)
        do {
            return try TakeOver(source: path, frame: frame)
        } catch {
            throw failure("cannot take over \(path): \(error)")
        }
    }
}
