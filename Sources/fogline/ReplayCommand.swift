import ArgumentParser
import Foundation
import FoglineReplay
import FoglineSim
import FoglineTerminal

extension Fogline {
    /// `fogline replay`: the replay viewer, a JSON dump of a replay, or the list of replays.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step through a replay, print it as JSON, or list the replays.",
            discussion: """
                `fogline replay FILE` opens the viewer in this terminal, paused on the first \
                frame: space plays and pauses, . and , step one frame, [ and ] one second, g goes \
                to a frame or a time (mm:ss), < and > to the start and the end, n and N to the \
                next and previous event, + and - change the speed (1/4x to 16x), p switches \
                between player 1's fog, player 2's and everything, u follows a unit. F1 or ? \
                lists every key. FILE is a path, or the name of a file in the replay folder.

                `--dump json` prints the replay as JSON Lines instead (docs/REPLAY.md): a line \
                describing it, then its frames with the commands typed and the orders they \
                became, its state hashes and its notes; --from and --to keep some frames only.

                `--list` lists the replays in $XDG_DATA_HOME/fogline/replays (or \
                ~/.local/share/fogline/replays): date, map, players, length and result.
                """)

        enum DumpFormat: String, ExpressibleByArgument, CaseIterable {
            case json
        }

        @Argument(help: "The replay file: a path, or a file name in the replay folder.")
        var file: String?

        @Flag(help: "List the replays in the replay folder.")
        var list = false

        @Option(help: "Print the replay instead of viewing it; the only format is json.")
        var dump: DumpFormat?

        @Option(help: "With --dump: the first frame to print (a frame number or mm:ss).")
        var from: String?

        @Option(help: "With --dump: the last frame to print (a frame number or mm:ss).")
        var to: String?

        @Option(help: "The frame to open the viewer at (a frame number or mm:ss).")
        var at: String?

        @Option(help: "Whose fog the viewer starts with: 1, 2 or all.")
        var perspective: String = "all"

        @Option(help: "The keymap: default, vi, or a path to a keymap file.")
        var keymap: String = "default"

        func validate() throws {
            if list {
                if file != nil { throw ValidationError("--list takes no file (it lists the replay folder)") }
                if dump != nil { throw ValidationError("--list and --dump do not go together") }
            } else if file == nil {
                throw ValidationError("give a replay file, or --list to see the replays")
            }
            if dump == nil && (from != nil || to != nil) {
                throw ValidationError("--from and --to go with --dump json")
            }
            for (name, value) in [("--from", from), ("--to", to), ("--at", at)] {
                if let value, FramePosition.parse(value) == nil {
                    throw ValidationError("\(name) takes a frame number or a time such as 3:00, not '\(value)'")
                }
            }
            if perspectiveChoice == nil {
                throw ValidationError("--perspective is 1, 2 or all, not '\(perspective)'")
            }
        }

        /// `--perspective` as the screen model takes it.
        var perspectiveChoice: GameScreenModel.Perspective? {
            switch perspective.lowercased() {
            case "1": return .player(1)
            case "2": return .player(2)
            case "all", "none": return .all
            default: return nil
            }
        }

        func run() throws {
            if list { return try runList() }
            let path = Self.locate(file ?? "")
            let replay: FoglineReplay.Replay
            do throws(ReplayError) {
                replay = try ReplayReader.read(path: path)
            } catch {
                throw failure("\(path): \(Self.explain(error))")
            }
            if dump != nil { return runDump(replay, path: path) }
            try runInTerminal(replay, path: path)
        }

        /// A path as given when something is there; else a file of that name in the replay folder.
        static func locate(_ argument: String) -> String {
            guard !FileManager.default.fileExists(atPath: argument), !argument.contains("/") else { return argument }
            let folder = DataDirectories.replayFolder()
            for name in [argument, argument + ".fogrep"] {
                let candidate = folder + "/" + name
                if DataDirectories.isRegularFile(candidate) { return candidate }
            }
            return argument
        }

        /// An error reading a replay, said for a person; a newer format says what to do.
        static func explain(_ error: ReplayError) -> String {
            guard error.isNewerFormat, let version = error.unsupportedFormatVersion else { return error.message }
            return "this replay was recorded by a newer Fogline (replay format version \(version); this build reads "
                + "version \(ReplayFormat.version)): open it with a newer fogline"
        }
    }
}
