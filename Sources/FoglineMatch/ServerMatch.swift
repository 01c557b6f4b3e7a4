import FoglineNet
import FoglineOrders
import FoglineReplay
import FoglineSim

/// One player's side of a match through a server, from the header to the recorded end:
/// a `ServerSession` and this side's copy of the replay.
public final class ServerMatch {
    public let start: WireMatchStart
    public let code: String
    public let replayPath: String
    public let session: ServerSession
    private let recorder: MatchRecorder
    public private(set) var recordingError: String?
    private var finished: PeerMatch.Outcome?

    public var localPlayer: Int { start.assignedPlayer }

    public func name(of player: Int) -> String {
        start.players.first { $0.number == player }?.name ?? "player \(player)"
    }

    /// When this side asked the server for its seat, on the session's clock.
    public let askedAt: Duration

    /// `frameLimit` may stop this side before the server's own limit; `askedAt` is when
    /// the handshake began (nil: now), for how long it took to be live.
    public init(
        map: GameMap, start: WireMatchStart, code: String, transport: PeerTransport, frameLimit: Int32?,
        peerTimeout: Duration, replayPath: String, localKind: String, clock: SessionClock, askedAt: Duration? = nil,
        perturbAfterFrame: Int32? = nil
    ) throws {
        self.askedAt = askedAt ?? clock.now
        self.start = start
        self.code = code
        self.replayPath = replayPath
        let limits = [start.frameLimit, frameLimit].compactMap { $0 }
        session = ServerSession(
            world: World(map: map, seed: start.seed),
            configuration: .init(
                localPlayer: start.assignedPlayer, inputDelay: Int32(start.inputDelay), frameLimit: limits.min(),
                peerTimeout: peerTimeout, perturbAfterFrame: perturbAfterFrame),
            transport: transport, clock: clock)
        recorder = try MatchRecorder(
            path: replayPath, world: session.world, players: ReplayPlayer.seats(of: start, localKind: localKind))
        session.onFrame = { [unowned self] frame, input, world in
            guard recordingError == nil else { return }
            do {
                try recorder.frameRan(frame, input: input, world: world)
            } catch {
                recordingError = "the replay stopped recording at frame \(frame): \(error)"
            }
        }
    }

    /// Closes the replay according to how the session ended. Once.
    public func finish() throws -> PeerMatch.Outcome {
        if let finished { return finished }
        var world = session.world
        let ending = session.ending ?? .localQuit
        let ranFor = (session.endedAt ?? session.startedAt) - session.startedAt
        let fps = ranFor > .milliseconds(100) ? Double(world.frame) / (Double(ranFor.wholeMilliseconds) / 1000) : 0
        var fields: [MatchSummary.ExtraField] = [
            .init("player", json: "\(localPlayer)"),
            .init("match", json: JSONText.quote(code)),
            .init("end", json: "\"\(ending.code)\""),
            .init("stalled_frames", json: "\(session.stalledFrames)"),
            .init("stall_ms", json: "\(session.stallTime.wholeMilliseconds)"),
            .init("longest_stall_ms", json: "\(session.longestStall.wholeMilliseconds)"),
            .init("achieved_fps", json: String(format: "%.2f", fps)),
            .init("rtt_ms", json: session.matchRoundTripMilliseconds.map(String.init) ?? "null"),
            .init("late_inputs", json: "\(session.lateNotices)"),
            .init("spectators_max", json: "\(session.mostSpectators)"),
            .init("joined_at_frame", json: "\(session.bulkFrames)"),
            .init("live_after_ms", json: session.liveAt.map { "\(($0 - askedAt).wholeMilliseconds)" } ?? "null"),
            .init("malformed_packets", json: "\(session.malformedPackets)"),
        ]
        if let traffic = session.traffic {
            fields.append(.init("bytes_sent", json: "\(traffic.sent)"))
            fields.append(.init("bytes_received", json: "\(traffic.received)"))
        }
        var message: String?
        switch ending {
        case .result, .frameLimit:
            break
        case .localQuit:
            world.forfeit(by: localPlayer)
            message = "you left the match at frame \(world.frame)"
        case .connectionLost:
            world.loseConnection()
            message = "the connection to the server was lost at frame \(world.frame)"
        case .peerLeft(.quit, let text):
            // The server's ruling: the other seat forfeits (it left, or stayed away too long).
            world.forfeit(by: 3 - localPlayer)
            message = "\(text.isEmpty ? "the other player forfeits" : text) at frame \(world.frame); you win"
        case .peerLeft(let reason, let text):
            if reason == .serverShutdown { world.end(withoutWinner: .serverShutdown) }
            if reason == .desync { world.end(withoutWinner: .desync) }
            message = "the server ended the match at frame \(world.frame): \(text.isEmpty ? "\(reason)" : text)"
        case .desync(let report):
            world.end(withoutWinner: .desync)
            fields.append(.init("desync_frame", json: "\(report.frame)"))
            message = "desync: \(report.summary); the server keeps both players' states beside its replay"
            do {
                try recorder.note("desync at frame \(report.frame): \(report.summary)")
                let dumps = try DesyncDumps.write([(localPlayer, report.localDump)], besides: replayPath)
                fields.append(.init("dumps", json: "[" + dumps.map(JSONText.quote).joined(separator: ", ") + "]"))
                message! += "; this side's: \(dumps.joined(separator: ", "))"
            } catch {
                message! += " (this side's state could not be written: \(error))"
            }
        case .protocolError(let why):
            message = "the match stopped: \(why)"
        }
        if let recordingError { message = [message, recordingError].compactMap { $0 }.joined(separator: "; ") }
        let outcome = PeerMatch.Outcome(world: world, fields: fields, message: message, dumps: [])
        finished = outcome
        try recorder.finish(world: world)
        return outcome
    }
}
