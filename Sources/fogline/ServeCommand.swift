import ArgumentParser
import Foundation
import FoglineNet
import FoglineOrders
import FoglineServer
import FoglineSim
import Logging

extension Fogline {
    /// `fogline serve`: a match server for many matches.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a match server: quick matches and private matches by code, on one UDP port.",
            discussion: """
                Players connect with `fogline play --server HOST:PORT` (a quick match), with \
                --new (a private match whose code they share) or with --match CODE. Every match \
                is recorded as a replay in the data folder, indexed in matches.sqlite there; \
                `fogline serve --list` prints the index. SIGINT or SIGTERM ends every match \
                (server_shutdown), finishes the files and exits 0.
                """)

        @Option(help: "The UDP port to listen on.")
        var port: UInt16 = 7777

        @Option(help: "Where replays and matches.sqlite go (default: $XDG_STATE_HOME/fogline/server).")
        var data: String?

        @Option(help: "Matches held at once, waiting ones included; more get \"server full\".")
        var maxMatches: Int = 500

        @Option(help: "Seconds a dropped player's seat is kept for them to rejoin.")
        var rejoinWindow: Int = 60

        @Option(help: "Stop every match after this many frames (for tests and events).")
        var frameLimit: Int32?

        @Option(help: "Seconds spectators are held behind the players (a match opened with --new --spectator-delay has its own): no spectator gets a younger frame.")
        var spectatorDelay: Int = 0

        @Option(help: "The map of quick matches, and of new matches that name none.")
        var map: String = MapCatalog.defaultMapName

        @Option(help: ArgumentHelp(
            "Log a line of load figures this often (frame lateness, input to broadcast, CPU, memory); 0: never.",
            valueName: "SECONDS"))
        var loadReport: Int = 60

        @Flag(help: "Print the index of matches and exit.")
        var list = false

        @Flag(help: "With --list: one JSON object a line.")
        var json = false

        func validate() throws {
            if maxMatches < 1 { throw ValidationError("--max-matches must be at least 1") }
            if rejoinWindow < 1 { throw ValidationError("--rejoin-window must be at least 1 second") }
            if !(0...WireFormat.maxSpectatorDelaySeconds).contains(spectatorDelay) {
                throw ValidationError("--spectator-delay takes 0 to \(WireFormat.maxSpectatorDelaySeconds) seconds")
            }
            if let frameLimit, frameLimit <= 0 { throw ValidationError("--frame-limit must be a positive number of frames") }
            if loadReport < 0 { throw ValidationError("--load-report must be 0 (never) or a number of seconds") }
        }

        func run() throws {
            let directory = data ?? DataDirectories.serverFolder()
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw failure("cannot make the data folder \(directory): \(error)")
            }
            let store: SQLiteMatchStore
            do {
                store = try SQLiteMatchStore(path: "\(directory)/matches.sqlite")
            } catch {
                throw failure("cannot open the index \(directory)/matches.sqlite: \(error)")
            }
            if list { return try printList(store) }
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            var logger = Logger(label: "fogline.serve")
            logger.logLevel = .info
            let now = ISO8601DateFormatter().string(from: Date())
            if let interrupted = try? store.interruptUnfinished(at: now), interrupted > 0 {
                logger.notice("\(interrupted) matches the last run did not finish are marked interrupted")
            }
            _ = try loadMap(map)
            // Every map players may ask for, by name, loaded now: never a path a player sends,
            // and no disk read on the service thread.
            var loaded: [String: GameMap] = [:]
            for entry in MapCatalog.all() { loaded[entry.name] = try? MapCatalog.load(entry.path) }
            if loaded[map] == nil { loaded[map] = try? MapCatalog.load(map) }
            let archive = MatchArchive(directory: directory, store: store)
            let server: MatchServer
            do {
                server = try MatchServer(
                    configuration: .init(
                        port: port, maxMatches: maxMatches, rejoinWindow: .seconds(rejoinWindow), frameLimit: frameLimit,
                        defaultMap: map, loadReport: loadReport > 0 ? .seconds(loadReport) : nil,
                        spectatorDelay: .seconds(spectatorDelay)),
                    archive: archive, logger: logger, usedCodes: Set((try? store.all())?.map(\.code) ?? []),
                    maps: { [loaded] name in loaded[name.lowercased()] ?? loaded[name] })
            } catch {
                archive.stop()
                throw failure("\(error)")
            }
            StopSignal.install()
            logger.info(
                "serving on UDP port \(server.endpoint.port); data in \(directory); socket receive buffer \(server.receiveBuffer / 1024) KB"
            )
            if server.receiveBuffer < MatchServer.receiveBufferBytes {
                let least = MatchServer.receiveBufferBytes >> 20
                logger.warning(
                    "the kernel granted a socket receive buffer under \(least) MB: a pause may lose players' packets; raise net.core.rmem_max, or run with CAP_NET_ADMIN"
                )
            }
            server.run { StopSignal.requested }
            archive.stop()
            logger.info("stopped")
        }

        private func printList(_ store: SQLiteMatchStore) throws {
            let records: [MatchRecord]
            do {
                records = try store.all()
            } catch {
                throw failure("cannot read the index: \(error)")
            }
            for record in records {
                if json {
                    let winner = record.winner.map(String.init) ?? "null"
                    print(
                        "{\"code\": \(JSONText.quote(record.code)), \"map\": \(JSONText.quote(record.map)), "
                            + "\"players\": [\(JSONText.quote(record.player1)), \(JSONText.quote(record.player2))], "
                            + "\"started\": \(JSONText.quote(record.startedAt)), \"ended\": \(record.endedAt.map(JSONText.quote) ?? "null"), "
                            + "\"frames\": \(record.frames), \"result\": \(JSONText.quote(record.result)), \"winner\": \(winner), "
                            + "\"replay\": \(JSONText.quote(record.replayPath))}")
                } else {
                    print("\(record.code)  \(record.startedAt)  \(record.map)  \(record.player1) vs \(record.player2)  \(record.frames) frames  \(record.result)  \(record.replayPath)")
                }
            }
            if records.isEmpty && !json { print("no matches yet") }
        }
    }
}
