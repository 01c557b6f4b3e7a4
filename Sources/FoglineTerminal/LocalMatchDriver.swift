import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim

/// You against the bot on this machine: a `LocalMatch` paced at 30 frames a second.
public final class LocalMatchDriver: MatchDriver {
    private var match: LocalMatch
    private let inbox = CommandInbox()
    private var recorder: MatchRecorder?
    private var nextFrame: ContinuousClock.Instant
    private var paused = false
    static let framePeriod = Duration.seconds(1) / Int(Rules.framesPerSecond)
    /// Frames run at once after the process was held up, before giving up on catching up.
    static let maxCatchUp = 5

    public let localPlayer: Int
    /// The person's name, for the replay's note when they leave early.
    private let playerName: String

    /// A match on `map` against the bot, recorded to `replayPath` if given.
    public init(map: GameMap, seed: UInt64, botLevel: BotLevel, replayPath: String?, playerName: String) throws {
        self.playerName = playerName
        localPlayer = 1
        match = LocalMatch(
            map: map, seed: seed, player1: .human(inbox), player2: .bot(Bot(player: 2, level: botLevel, seed: seed)))
        nextFrame = ContinuousClock.now + Self.framePeriod
        if let replayPath {
            let recorder = try MatchRecorder(
                path: replayPath, world: match.world,
                players: [
                    ReplayPlayer(name: playerName, kind: "human"),
                    ReplayPlayer(name: "bot", kind: "bot:\(botLevel.rawValue)"),
                ])
            self.recorder = recorder
            match.onFrame = { frame, input, world in try recorder.frameRan(frame, input: input, world: world) }
        }
    }

    /// You on side `side` of a recorded match from the take-over frame on, the bot on the
    /// other; recorded (the recorded frames first) to `replayPath` if given.
    public init(takeOver: TakeOver, side: Int, botLevel: BotLevel, replayPath: String?, playerName: String) throws {
        localPlayer = side
        self.playerName = playerName
        let bot = PlayerController.bot(Bot(player: 3 - side, level: botLevel, seed: takeOver.seed))
        let you = PlayerController.human(inbox)
        let names = [ReplayPlayer(name: playerName, kind: "human"), ReplayPlayer(name: "bot", kind: "bot:\(botLevel.rawValue)")]
        let started = try takeOver.start(
            player1: side == 1 ? you : bot, player2: side == 1 ? bot : you, recordTo: replayPath,
            players: side == 1 ? names : names.reversed())
        match = started.match
        recorder = started.recorder
        nextFrame = ContinuousClock.now + Self.framePeriod
    }

    public var world: World { match.world }
    public var isOver: Bool { match.isOver }
    public var canPause: Bool { true }
    public var pollDescriptor: Int32? { nil }
    public var roundTripMilliseconds: Int? { nil }
    public var waitingFor: String? { nil }
    public var silentSeconds: Int? { nil }
    public var inputDelayShown: Int? { nil }

    public func runDueFrames(now: ContinuousClock.Instant) throws -> Int {
        guard !paused && !match.isOver else {
            nextFrame = now + Self.framePeriod
            return 0
        }
        var ran = 0
        while now >= nextFrame && ran < Self.maxCatchUp && !match.isOver {
            try match.runFrame()
            nextFrame += Self.framePeriod
            ran += 1
        }
        if ran == Self.maxCatchUp && now >= nextFrame { nextFrame = now + Self.framePeriod }
        if match.isOver { _ = try finish() }
        return ran
    }

    public func nextWake(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        paused || match.isOver ? now + .seconds(1) : nextFrame
    }

    public func setPaused(_ paused: Bool, now: ContinuousClock.Instant) {
        self.paused = paused
        if !paused { nextFrame = now + Self.framePeriod }
    }

    public func post(_ command: PlayerCommand) { inbox.post(command) }

    /// The person leaves before the end: the replay says who, and when.
    public func quit() {
        guard !match.isOver else { return }
        let frame = match.world.frame
        try? recorder?.note(
            "\(playerName) (player \(localPlayer)) left at frame \(frame) (\(StatusView.clock(frame: frame)))")
    }

    /// Closes the replay (with the result if there is one). Safe to call more than once.
    public func finish() throws -> (world: World, message: String?) {
        if let recorder {
            self.recorder = nil
            match.onFrame = nil
            try recorder.finish(world: match.world)
        }
        return (match.world, nil)
    }
}
