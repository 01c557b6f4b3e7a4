import ArgumentParser
import FoglineMatch
import FoglineOrders
import FoglineReplay
import FoglineSim

extension Fogline {
    /// `fogline parse`: shows how a command is understood, as canonical order JSON.
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a command is understood.",
            discussion: """
                Prints the canonical order JSON and exits 0, or prints the error JSON \
                ({"orders": [], "error": ..., "suggestions": [...]}) and exits 1.
                """)

        @Option(help: "A map name (see `fogline maps`) or a path to a map file.")
        var map: String = MapCatalog.defaultMapName

        @Option(help: "Whose units the command is for: 1 or 2.")
        var player: Int = 1

        @Option(help: "Read the game from a replay instead of the map's start: FILE or FILE:FRAME.")
        var state: String?

        @Argument(help: "The command, in plain English.")
        var text: String

        func validate() throws {
            guard player == 1 || player == 2 else { throw ValidationError("--player must be 1 or 2") }
        }

        func run() throws {
            let view: PlayerView
            do {
                view = try state.map(loadState) ?? World(map: try MapCatalog.load(map), seed: 0).view(for: player)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw failure("\(error)")
            }
            let resolution = OfflineResolver().resolve(text, in: ResolverContext(view: view))
            print(resolution.orderSet.canonicalJSON)
            if resolution.isError { throw ExitCode.failure }
        }

        /// The view of `player` at a frame of a replay (the last one when none is given).
        func loadState(_ spec: String) throws -> PlayerView {
            var path = spec
            var frame: Int32?
            if let colon = spec.lastIndex(of: ":"), let n = Int32(spec[spec.index(after: colon)...]) {
                path = String(spec[..<colon])
                frame = n
            }
            let replay = try ReplayReader.read(path: path)
            let gameMap = try MapLoader.parse(text: replay.header.mapText, file: "\(path) (map)")
            var world = World(map: gameMap, seed: replay.header.seed)
            let end = min(frame ?? replay.endFrame, replay.endFrame)
            var cursor = replay.cursor()
            while world.frame < end && world.result == nil { world.step(cursor.input(at: world.frame)) }
            return world.view(for: player)
        }
    }
}
