import ArgumentParser
import Foundation
import FoglineMatch
import FoglineNet
import FoglineOrders
import FoglineTerminal

extension Fogline {
    /// `fogline watch HOST:PORT [CODE]`: a live match on a match server, as a spectator.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch a live match on a match server.",
            discussion: """
                Without a code, the server's live matches are listed: pick one with the arrow keys
                and Enter. With --list, the list is printed (--json: one JSON object a line) instead.

                The server sends the match so far in one transfer, then each frame as it may (a
                server can hold spectators some seconds behind the players). Spectators send no
                orders and nothing the players wait on. The watch screen is the replay viewer's:
                step and jump back while the match goes on, and the end key (> by default)
                returns to live. Your copy of the match goes to the replay folder unless
                --record names another file or --no-record says not to keep one.

                With --headless, the match is followed to its end and a JSON summary printed, with
                `joined_at_frame` (the frames of the first transfer) and `live_after_ms` (from
                asking to running the newest frame).
                """)

        @Argument(help: ArgumentHelp("The match server.", valueName: "HOST:PORT"))
        var server: String

        @Argument(help: ArgumentHelp("The code of the match to watch (without one, pick from the list).", valueName: "CODE"))
        var code: String?

        @Flag(help: "Print the live matches and exit.")
        var list = false

        @Flag(help: "With --list: one JSON object a line.")
        var json = false

        @Flag(help: "Follow the match without a terminal and print a JSON summary at the end.")
        var headless = false

        @Option(help: "Write your copy of the match to this replay file.")
        var record: String?

        @Flag(name: .customLong("no-record"), help: "Keep no copy of the match.")
        var noRecord = false

        @Option(help: "Whose fog the watch screen starts with: 1, 2 or all.")
        var perspective: String = "all"

        @Option(help: "The keymap: default, vi, or a path to a keymap file.")
        var keymap: String = "default"

        @Option(help: ArgumentHelp("Give up when nothing has come from the server for this long.", valueName: "SECONDS"))
        var timeout: Int = 30

        /// Test only: write when each frame arrived (`FrameArrivalTrace`).
        @Option(name: .customLong("test-trace-frames"), help: .hidden)
        var testTraceFrames: String?

        func validate() throws {
            _ = try HostAddress(server)
            if list {
                if code != nil { throw ValidationError("--list lists every live match: give no code") }
                if headless { throw ValidationError("--list and --headless do not go together") }
            } else if json {
                throw ValidationError("--json goes with --list")
            }
            if headless && code == nil { throw ValidationError("--headless needs the code of the match to follow") }
            if record != nil && noRecord { throw ValidationError("--record and --no-record do not go together") }
            if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
            if perspectiveChoice == nil { throw ValidationError("--perspective is 1, 2 or all, not '\(perspective)'") }
        }

        /// `--perspective` as the screen model takes it.
        var perspectiveChoice: GameScreenModel.Perspective? {
            switch perspective.lowercased() {
            case "1": .player(1)
            case "2": .player(2)
            case "all", "none": .all
            default: nil
            }
        }

        func run() throws {
            let address = try HostAddress(server)
            if list { return try printList(address) }
            if headless { return try runHeadless(address, code: code ?? "") }
            try runInTerminal(address)
        }

        /// `--list`: the live matches as a table, or JSON lines.
        private func printList(_ address: HostAddress) throws {
            let listed: (total: Int, matches: [WireLiveMatch])
            do {
                listed = try SpectatorLink.liveMatches(host: address.host, port: address.port, timeout: .seconds(timeout))
            } catch {
                throw failure("cannot list the matches on \(server): \(error)")
            }
            if json {
                for match in listed.matches { print(Self.jsonLine(match)) }
                return
            }
            guard !listed.matches.isEmpty else { return print("No live matches on \(server).") }
            for match in listed.matches { print(LiveMatchListView.row(match)) }
            if listed.total > listed.matches.count { print("(and \(listed.total - listed.matches.count) more)") }
        }

        /// One listed match as a JSON object.
        static func jsonLine(_ match: WireLiveMatch) -> String {
            let names = match.players.sorted { $0.number < $1.number }.map { JSONText.quote($0.name) }
            let scores = match.scores.map { "[\($0[0]),\($0[1])]" } ?? "null"
            return "{\"code\":\(JSONText.quote(match.code)),\"map\":\(JSONText.quote(match.mapName)),"
                + "\"players\":[\(names.joined(separator: ","))],\"frame\":\(match.frame),"
                + "\"clock\":\(JSONText.quote(StatusView.clock(frame: match.frame))),\"scores\":\(scores),"
                + "\"spectators\":\(match.spectators),\"spectator_delay_s\":\(match.spectatorDelay)}"
        }

        /// Where the copy goes: --record, the replay folder, or nowhere (--no-record).
        func copyPath(map: String, seed: UInt64, code: String, defaultToFolder: Bool) throws -> String? {
            if noRecord { return nil }
            if let record { return record }
            guard defaultToFolder else { return nil }
            return try Fogline.Play.defaultReplayPath(map: map, seed: seed, tag: "watch-\(code.uppercased())")
        }
    }
}
