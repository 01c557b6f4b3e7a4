import FoglineNet
import FoglineSim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// N matches of generated clients against a real `fogline serve`, and the server's figures.
struct LoadRun {
    let matches: Int
    /// Spectators per match, each joining once its match has started.
    var spectatorsPerMatch = 0
    /// Spectators more for the first match to start (a crowd on one match).
    var crowd = 0
    /// Seconds between the server's load lines.
    static let reportEvery = 5

    struct Figures: CustomStringConvertible {
        var latenessP50 = 0, latenessP99 = 0, latenessMax = 0, inputP99 = 0
        var threadCPU = 0, processCPU = 0, residentMB = 0, residentPerMatchKB = 0, growthPerMatchKB = 0
        var framesPerClientSecond100 = 0
        var archiveBehind = 0
        var lines = 0
        /// The host's steal over the window (per mille of the machine), the load lines it
        /// touched (over 1% of a line's 5 s), and the lateness of the lines it did not.
        var hostStealPerMille = 0, stolenLines = 0
        var latenessP99Unstolen = 0, latenessMaxUnstolen = 0
        /// Clients that played through the window, and those the server refused or dropped.
        var playing = 0, lost = 0
        /// Spectators watching, and the frames per second each received in the window (x100).
        var watching = 0, spectatorFramesPerSecond100 = 0
        /// How far behind live spectators run: from a frame reaching its match's first
        /// player to it reaching a spectator, in the window (microseconds).
        var behindP50 = 0, behindP99 = 0, behindMax = 0

        var lastLoss = ""
        var description: String {
            "lateness p50 \(latenessP50) µs, p99 \(latenessP99) µs, max \(latenessMax) µs; input to broadcast p99 \(inputP99) µs; "
                + "CPU service thread \(threadCPU)%, process \(processCPU)%; resident \(residentMB) MB "
                + "(\(residentPerMatchKB) KB a match, growth projected to 20 min \(growthPerMatchKB) KB a match); "
                + "frames/s per client \(Double(framesPerClientSecond100) / 100); archive behind by up to \(archiveBehind) frames; "
                + "from \(lines) load lines; host steal \(Double(hostStealPerMille) / 10)% of the machine, in \(stolenLines) lines "
                + "(the others: p99 \(latenessP99Unstolen) µs, max \(latenessMaxUnstolen) µs); "
                + "\(playing) clients playing, \(lost) lost\(lost > 0 ? " (the last \(lastLoss))" : "")"
                + (watching > 0
                    ? "; \(watching) spectators, \(Double(spectatorFramesPerSecond100) / 100) frames/s each, behind live p50 "
                        + "\(behindP50) µs, p99 \(behindP99) µs, max \(behindMax) µs" : "")
        }
    }

    /// One generated player: what it has received and sent.
    final class Client {
        let peer: ENetEndpoint.Peer
        var seat = 0
        var code: String?
        var started = false
        var through: Int32 = -1
        var ahead: Set<Int32> = []
        var sentThrough: Int32 = Rules.inputDelay - 1
        var hashedThrough: Int32 = -1
        /// Frames came since it last answered.
        var answerPending = false
        /// For a spectator: the match it watches, and the last frame it acknowledged.
        var watching: String?
        var acked: Int32 = -1
        init(peer: ENetEndpoint.Peer) { self.peer = peer }
    }

    /// One of the server's load lines, parsed.
    struct LoadLine {
        var p50: Double, p99: Double, max: Double, inputP99: Double, thread: Double, process: Double, resident: Int
        /// Frames handed to the archive and not re-simulated yet.
        var archiveBehind: Int
        /// When the server wrote it: the end of the 5 s it covers.
        var at: Date?

        static let timestamp: DateFormatter = {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
            return formatter
        }()

        init?(_ line: Substring) {
            func number(after label: String) -> Double? {
                guard let range = line.range(of: label) else { return nil }
                let rest = line[range.upperBound...].drop { $0 == " " }
                return Double(rest.prefix { $0.isNumber || $0 == "." })
            }
            guard let p50 = number(after: "late out p50"), let p99 = number(after: "ms, p99"),
                let max = number(after: "ms, max"), let inputP99 = number(after: "input to broadcast p50"),
                let thread = number(after: "cpu service thread"), let process = number(after: "%, process"),
                let resident = number(after: "resident")
            else { return nil }
            // "input to broadcast p50 X ms, p99 Y ms": the second p99 of the line.
            let tail = line[line.range(of: "input to broadcast")!.upperBound...]
            let inputP99Text = tail.range(of: "p99 ").map { tail[$0.upperBound...].prefix { $0.isNumber || $0 == "." } }
            self.p50 = p50
            self.p99 = p99
            self.max = max
            self.inputP99 = inputP99Text.flatMap { Double($0) } ?? inputP99
            self.thread = thread
            self.process = process
            self.resident = Int(resident)
            archiveBehind = Int(number(after: "archive") ?? 0)
            at = line.split(separator: " ").first.flatMap { Self.timestamp.date(from: String($0)) }
        }
    }

    static func residentKilobytes(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Opens the matches, waits until all play, measures `seconds`, returns the figures.
    func run(measuring seconds: Int) throws -> Figures {
        let server = try ServerProcess(arguments: [
            "--max-matches", "\(matches + 10)", "--load-report", "\(Self.reportEvery)", "--rejoin-window", "600",
        ])
        defer { server.stop() }
        ServerProcess.pinHereToCoreOne()
        let baselineKB = Self.residentKilobytes(server.process.processIdentifier)
        let endpoint = try ENetEndpoint(listeningOn: 0, peerLimit: 2 * matches + 16)
        // Its peers stand for 2N clients, each with a socket of its own: a pause here must
        // not lose the server's frames in one small buffer.
        endpoint.requestReceiveBuffer(bytes: 8 << 20)
        // Spectators on a host of their own, serviced every 10 ms: ENet walks a host's whole
        // peer table on every service, and thousands of spectators beside the players would
        // make the generator, not the server, what runs late.
        let watchers = try ENetEndpoint(listeningOn: 0, peerLimit: spectatorsPerMatch * matches + crowd + 16)
        let clock = MonotonicClock()
        var nextWatch = clock.now
        var clients: [ENetEndpoint.Peer: Client] = [:]
        var spectators: [ENetEndpoint.Peer: Client] = [:]
        var spectatorFrames = 0
        var crowded = false
        // When each frame of each match reached its first player, and how long after that each
        // frame log's newest frame reached a spectator.
        var arrived: [String: [Duration]] = [:]
        var behind: [Int] = []
        for _ in 0..<matches {
            let peer = try endpoint.connect(hostName: "127.0.0.1", port: server.port)
            clients[peer] = Client(peer: peer)
        }
        let command = PlayerCommand(text: "scouts move to the gap", orders: [])
        var startedAll: Duration?
        var window: (from: Duration, until: Duration, linesBefore: Int)?
        var received = 0
        var firstKB = 0
        var lost = 0
        var lastLoss = ""
        var answering: [Client] = []
        var steal = HostSteal()
        var windowEnded: Date?
        let deadline = clock.now + .seconds(seconds + 90)
        let rampDeadline = clock.now + .seconds(30)
        var nextTick = clock.now
        while clock.now < deadline {
            if !spectators.isEmpty && clock.now >= nextWatch {
                nextWatch = clock.now + .milliseconds(10)
                for event in watchers.service(timeoutMilliseconds: 0) {
                    switch event {
                    case .connected(let peer):
                        guard let code = spectators[peer]?.watching else { continue }
                        let hello = WireHello(mapHash: 0, playerName: "watcher", role: .spectator, seat: .join(code: code))
                        watchers.send(try WireMessage.hello(hello).encode(), to: peer, delivery: .control)
                    case .received(let peer, let bytes):
                        guard let spectator = spectators[peer] else { continue }
                        // A spectator takes the frames as they come and acknowledges them.
                        switch try? WireMessage.decode(bytes) {
                        case .matchStart?: spectator.started = true
                        case .frameLog(let first, let frames)?:
                            let last = first + Int32(frames.count) - 1
                            if window != nil {
                                spectatorFrames += max(0, Int(last - spectator.through))
                                if let code = spectator.watching, let times = arrived[code], Int(last) < times.count {
                                    behind.append(Int((clock.now - times[Int(last)]) / .microseconds(1)))
                                }
                            }
                            spectator.through = max(spectator.through, last)
                            // As `SpectatorLink` does: every two seconds of frames.
                            if spectator.through - spectator.acked >= SpectatorLink.ackEvery {
                                spectator.acked = spectator.through
                                let ack = WireMessage.ack(player: 0, throughFrame: spectator.through)
                                if let bytes = try? ack.encode() { watchers.send(bytes, to: peer, delivery: .inputs) }
                            }
                        case .leave?, .refused?:
                            lost += 1
                            lastLoss = "a spectator was let go"
                        default: break
                        }
                    case .disconnected(let peer, _):
                        if spectators.removeValue(forKey: peer) != nil {
                            lost += 1
                            lastLoss = "a spectator was disconnected"
                        }
                    }
                }
                watchers.flush()
            }
            for event in endpoint.service(timeoutMilliseconds: 1) {
                switch event {
                case .connected(let peer):
                    guard let client = clients[peer] else { continue }
                    let request: WireSeatRequest = client.code.map { .join(code: $0) } ?? .newMatch(map: "")
                    let hello = WireHello(mapHash: 0, playerName: "load", role: .player, seat: request)
                    endpoint.send(try WireMessage.hello(hello).encode(), to: peer, delivery: .control)
                case .received(let peer, let bytes):
                    guard let client = clients[peer], let message = try? WireMessage.decode(bytes) else { continue }
                    switch message {
                    case .seated(let seated) where client.seat == 0:
                        client.seat = seated.seat
                        client.code = seated.code
                        if seated.seat == 1 {
                            let joiner = Client(peer: try endpoint.connect(hostName: "127.0.0.1", port: server.port))
                            joiner.code = seated.code
                            clients[joiner.peer] = joiner
                        }
                    case .matchStart:
                        // Once a match plays, its spectators come (and the crowd, to the first).
                        if client.seat == 1 && !client.started, let code = client.code {
                            let count = spectatorsPerMatch + (crowded ? 0 : crowd)
                            crowded = true
                            for _ in 0..<count {
                                let watcher = Client(peer: try watchers.connect(hostName: "127.0.0.1", port: server.port))
                                watcher.watching = code
                                spectators[watcher.peer] = watcher
                            }
                        }
                        client.started = true
                    case .inputs(0, let first, let frames, _):
                        if !frames.isEmpty && !client.answerPending {
                            client.answerPending = true
                            answering.append(client)
                        }
                        for offset in frames.indices {
                            let frame = first + Int32(offset)
                            guard frame > client.through, !client.ahead.contains(frame) else { continue }
                            if window != nil { received += 1 }
                            if frame == client.through + 1 {
                                client.through = frame
                                while client.ahead.remove(client.through + 1) != nil { client.through += 1 }
                            } else {
                                client.ahead.insert(frame)
                            }
                        }
                        // The first player of a watched match notes when each frame came.
                        if client.seat == 1, spectatorsPerMatch + crowd > 0, let code = client.code {
                            var times = arrived[code, default: []]
                            let now = clock.now
                            while times.count <= Int(client.through) { times.append(now) }
                            arrived[code] = times
                        }
                    case .refused(let why):
                        lost += 1
                        lastLoss = "refused: \(why)"
                    case .leave(_, let why):
                        lost += 1
                        lastLoss = "left: \(why)"
                    default:
                        break
                    }
                case .disconnected(let peer, let why):
                    // Past the server's capacity clients are dropped: counted, and the run goes on.
                    if clients.removeValue(forKey: peer) != nil {
                        lost += 1
                        lastLoss = "disconnected (\(why))"
                    }
                }
            }
            let now = clock.now
            steal.sample()
            // As a real client does, each answers the frames it receives at once (so the
            // answers spread as the matches' closes do); every client also every 33 ms, in
            // case its frames stopped coming. It enters its inputs up to three frames past
            // what it has run (it runs what arrives at once), acknowledges, and sends a
            // hash once a second.
            var due = answering
            answering.removeAll(keepingCapacity: true)
            for client in due { client.answerPending = false }
            if now >= nextTick {
                nextTick = now + LockstepSession.framePeriod
                due = Array(clients.values)
            }
            for client in due where client.started {
                let target = client.through + Rules.inputDelay
                if target > client.sentThrough {
                    // Every frame is sent, in packets of at most 8, as a real client does: one
                    // skipped after a burst would leave a gap the server's relay waits on.
                    for first in stride(from: client.sentThrough + 1, through: target, by: 8) {
                        let frames = (first...min(target, first + 7)).map { frame -> FrameInput in
                            var input = FrameInput()
                            if frame % 90 == 0 { input[player: client.seat] = [command] }
                            return input
                        }
                        let packet = WireMessage.inputs(
                            player: client.seat, firstFrame: first, frames: frames, ackThrough: client.through)
                        if let bytes = try? packet.encode() { endpoint.send(bytes, to: client.peer, delivery: .inputs) }
                    }
                    client.sentThrough = target
                }
                let hashFrame = client.through / 30 * 30
                if hashFrame > client.hashedThrough {
                    client.hashedThrough = hashFrame
                    // No simulation here: both seats send the same stand-in, so the server compares equal hashes.
                    let hash = WireMessage.stateHash(frame: hashFrame, hash: UInt64(hashFrame) &* 0x9E37_79B9_7F4A_7C15)
                    if let bytes = try? hash.encode() { endpoint.send(bytes, to: client.peer, delivery: Delivery.of(hash.kind)) }
                }
            }
            endpoint.flush()
            // All are playing; or, past the server's capacity, 30 s on, whoever plays by then.
            let settled =
                (clients.count == 2 * matches && clients.values.allSatisfy(\.started)
                    && spectators.count == spectatorsPerMatch * matches + crowd && spectators.values.allSatisfy(\.started))
                || now > rampDeadline
            if startedAll == nil && settled && !clients.isEmpty {
                startedAll = now
                // Two seconds to settle, then every load line that begins after that counts.
                let lines = server.logText.components(separatedBy: "load: ").count - 1
                window = (now + .seconds(2), now + .seconds(2 + seconds), lines)
                firstKB = Self.residentKilobytes(server.process.processIdentifier)
            }
            if let window, now >= window.until {
                windowEnded = Date()
                break
            }
        }
        guard let window else {
            let started = clients.values.filter(\.started).count
            throw LoadFailure(
                description: "only \(started) of \(2 * matches) clients started (\(lost) lost, the last \(lastLoss)); server log:\n\(server.logText.suffix(2000))")
        }
        let lastKB = Self.residentKilobytes(server.process.processIdentifier)
        // Lines after the one running when all had started: each covers a whole period of full load.
        let lines = server.logText.split(separator: "\n").filter { $0.contains("load: ") }.dropFirst(window.linesBefore + 1)
            .compactMap(LoadLine.init)
        guard !lines.isEmpty else { throw LoadFailure(description: "no load line in the window:\n\(server.logText.suffix(2000))") }
        var figures = Figures()
        let p50s = lines.map(\.p50).sorted()
        figures.latenessP50 = Int(p50s[p50s.count / 2] * 1000)
        figures.latenessP99 = Int((lines.map(\.p99).max() ?? 0) * 1000)
        figures.latenessMax = Int((lines.map(\.max).max() ?? 0) * 1000)
        figures.inputP99 = Int((lines.map(\.inputP99).max() ?? 0) * 1000)
        figures.threadCPU = Int(lines.map(\.thread).reduce(0, +) / Double(lines.count))
        figures.processCPU = Int(lines.map(\.process).reduce(0, +) / Double(lines.count))
        figures.residentMB = lines.last!.resident
        figures.residentPerMatchKB = (lastKB - baselineKB) / matches
        // Growth from the server's own figures: the first load line of the window to the last.
        if lines.count >= 2 {
            let span = Double((lines.count - 1) * Self.reportEvery)
            figures.growthPerMatchKB = Int(Double(max(0, lines.last!.resident - lines.first!.resident) * 1024) / Double(matches) / span * 1200)
        } else {
            let span = Double((window.until - (startedAll ?? window.from)).wholeMilliseconds) / 1000
            figures.growthPerMatchKB = Int(Double(max(0, lastKB - firstKB)) / Double(matches) / span * 1200)
        }
        figures.framesPerClientSecond100 = received * 100 / max(1, clients.values.filter(\.started).count * seconds)
        figures.lines = lines.count
        figures.archiveBehind = lines.map(\.archiveBehind).max() ?? 0
        if let end = windowEnded, let share = steal.share(from: end.addingTimeInterval(-Double(seconds)), until: end) {
            figures.hostStealPerMille = Int(share * 1000)
        }
        let unstolen = lines.filter { line in
            guard let at = line.at, let share = steal.share(from: at.addingTimeInterval(-Double(Self.reportEvery)), until: at)
            else { return true }
            return share < 0.01
        }
        figures.stolenLines = lines.count - unstolen.count
        figures.latenessP99Unstolen = Int((unstolen.map(\.p99).max() ?? 0) * 1000)
        figures.latenessMaxUnstolen = Int((unstolen.map(\.max).max() ?? 0) * 1000)
        figures.playing = clients.values.filter(\.started).count
        figures.lost = lost
        figures.lastLoss = lastLoss
        figures.watching = spectators.values.filter(\.started).count
        figures.spectatorFramesPerSecond100 = spectatorFrames * 100 / max(1, figures.watching * seconds)
        behind.sort()
        if !behind.isEmpty {
            figures.behindP50 = behind[behind.count / 2]
            figures.behindP99 = behind[min(behind.count - 1, behind.count * 99 / 100)]
            figures.behindMax = behind.last!
        }
        return figures
    }
}
