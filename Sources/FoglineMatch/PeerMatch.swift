import Foundation
import FoglineNet
import FoglineOrders
import FoglineReplay
import FoglineSim

extension ReplayPlayer {
    /// The two seats of a network match as a replay names them: this side as `localKind`, the other as `remote`.
    static func seats(of start: WireMatchStart, localKind: String) -> [ReplayPlayer] {
        (1...2).map { player in
            ReplayPlayer(
                name: start.players.first { $0.number == player }?.name ?? "player \(player)",
                kind: player == start.assignedPlayer ? localKind : "remote")
        }
    }
}

/// One side of a match against a peer, from the match header to the recorded end.
///
/// It joins a `LockstepSession` to a replay: every frame is recorded as it runs, and
/// when the session ends the replay is closed according to how — a forfeit for the
/// side that left or fell silent, a note and both state dumps for a desync. The
/// terminal and the headless runner both drive it; only the screen differs.
public final class PeerMatch {
    public let map: GameMap
    public let start: WireMatchStart
    public let replayPath: String
    public let conditions: NetConditions
    public let session: LockstepSession
    private let recorder: MatchRecorder
    private var finished: Outcome?
    /// The first failure to write a frame to the replay; the match goes on, the end says so.
    public private(set) var recordingError: String?

    /// What the end leaves behind.
    public struct Outcome: Sendable {
        /// The final world, with the forfeit applied if a side left.
        public var world: World
        /// Fields for the summary line, in order.
        public var fields: [MatchSummary.ExtraField]
        /// What happened, for the person ("guest stopped answering; ...").
        public var message: String?
        /// The state dumps written after a desync.
        public var dumps: [String]
    }

    public var localPlayer: Int { start.assignedPlayer }
    public var peerPlayer: Int { 3 - start.assignedPlayer }

    /// The name of seat `player` as the match header gives it.
    public func name(of player: Int) -> String {
        start.players.first { $0.number == player }?.name ?? "player \(player)"
    }

    /// Sets up the session and opens the replay.
    ///
    /// `conditions` are what the transport's conditioner does to the link (for the
    /// summary); `localKind` names what plays this side in the replay (`human`,
    /// `bot:normal`, `script`). A negative `startDelay` starts the clock in the past: the
    /// host learns of the joiner's start half a round trip late.
    public init(
        map: GameMap, start: WireMatchStart, transport: PeerTransport, conditions: NetConditions = .clean,
        perturbAfterFrame: Int32? = nil, replayPath: String, startDelay: Duration = .zero,
        peerTimeout: Duration = LockstepSession.defaultPeerTimeout, localKind: String, clock: SessionClock
    ) throws {
        self.map = map
        self.start = start
        self.replayPath = replayPath
        self.conditions = conditions
        let local = start.assignedPlayer
        let peerName = start.players.first { $0.number == 3 - local }?.name ?? "player \(3 - local)"
        let configuration = LockstepSession.Configuration(
            localPlayer: local, peerName: peerName, inputDelay: Int32(start.inputDelay), frameLimit: start.frameLimit,
            perturbAfterFrame: perturbAfterFrame, peerTimeout: peerTimeout)
        session = LockstepSession(
            world: World(map: map, seed: start.seed), configuration: configuration, transport: transport, clock: clock,
            startAt: clock.now + startDelay)
        transport.matchStarted()
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

    /// Closes the replay according to how the session ended and writes desync dumps. Once.
    ///
    /// The replay is closed whatever else fails (a dump that cannot be written is said in
    /// the message); it throws only if the replay itself cannot be closed.
    public func finish() throws -> Outcome {
        if let finished { return finished }
        var world = session.world
        let ending = session.ending ?? .localQuit
        let peer = name(of: peerPlayer)
        let ranFor = (session.playEndedAt ?? session.endedAt ?? session.startedAt) - session.startedAt
        let fps = ranFor > .milliseconds(100) ? Double(session.world.frame) / (Double(ranFor.wholeMilliseconds) / 1000) : 0
        var fields: [MatchSummary.ExtraField] = [
            .init("player", json: "\(localPlayer)"),
            .init("end", json: "\"\(ending.code)\""),
            .init("stalled_frames", json: "\(session.stalledFrames)"),
            .init("stall_ms", json: "\(session.stallTime.wholeMilliseconds)"),
            .init("longest_stall_ms", json: "\(session.longestStall.wholeMilliseconds)"),
            .init("achieved_fps", json: String(format: "%.2f", fps)),
            .init("rtt_ms", json: session.matchRoundTripMilliseconds.map(String.init) ?? "null"),
            .init("input_delay", json: "\(start.inputDelay)"),
            .init("input_latency_ms", json: Self.mean(session.inputLatencies).map(String.init) ?? "null"),
            .init("hashes_compared", json: "\(session.hashesCompared)"),
            .init("malformed_packets", json: "\(session.malformedPackets)"),
        ]
        if let traffic = session.traffic {
            fields.append(.init("bytes_sent", json: "\(traffic.sent)"))
            fields.append(.init("bytes_received", json: "\(traffic.received)"))
        }
        if !conditions.isClean { fields.append(.init("net", json: JSONText.quote(conditions.description))) }
        var message: String?
        var dumps: [String] = []
        switch ending {
        case .result:
            break
        case .frameLimit:
            message = "the match stops here: it was set to \(world.frame) frames"
        case .protocolError(let why):
            message = "the match stopped: \(why)"
        case .peerLeft(let reason, let text) where ending.peerForfeits:
            world.forfeit(by: peerPlayer)
            let why = reason == .quit || text.isEmpty ? "" : " (\(text))"
            message = "\(peer) left the match at frame \(world.frame)\(why); you win by forfeit"
        case .peerLeft(_, let text):
            message = "\(peer) stopped at frame \(world.frame): \(text)"
        case .connectionLost:
            world.loseConnection()
            let seconds = session.configuration.peerTimeout.wholeMilliseconds / 1000
            message =
                "the connection to \(peer) was lost (nothing arrived for \(seconds) s); the match ends at frame \(world.frame) with no winner"
        case .localQuit:
            world.forfeit(by: localPlayer)
            message = "you left the match at frame \(world.frame)"
        case .desync(let report):
            var problems: [String] = []
            do {
                try recorder.note("desync at frame \(report.frame): \(report.summary)")
            } catch {
                problems.append("the replay note could not be written: \(error)")
            }
            do {
                dumps = try writeDumps(report)
            } catch {
                problems.append("the state dumps could not be written: \(error)")
            }
            fields.append(.init("desync_frame", json: "\(report.frame)"))
            fields.append(.init("dumps", json: "[" + dumps.map(JSONText.quote).joined(separator: ", ") + "]"))
            message = "desync: \(report.summary); state dumps: \(dumps.isEmpty ? "none" : dumps.joined(separator: ", "))"
            if !problems.isEmpty { message! += " (\(problems.joined(separator: "; ")))" }
        }
        if let recordingError { message = [message, recordingError].compactMap { $0 }.joined(separator: "; ") }
        let outcome = Outcome(world: world, fields: fields, message: message, dumps: dumps)
        // Once only, even if closing fails: a second try would write the note twice.
        finished = outcome
        try recorder.finish(world: world)
        return outcome
    }

    /// Writes `REPLAY.desync-p1.json` and `-p2.json` beside the replay: this side's and the peer's.
    private func writeDumps(_ report: DesyncReport) throws -> [String] {
        let dumps = [(localPlayer, report.localDump), (peerPlayer, report.peerDump)].compactMap { player, text in
            text.map { (player: player, text: $0) }
        }
        return try DesyncDumps.write(dumps, besides: replayPath)
    }

    static func mean(_ values: [Int64]) -> Int64? {
        values.isEmpty ? nil : values.reduce(0, +) / Int64(values.count)
    }
}
