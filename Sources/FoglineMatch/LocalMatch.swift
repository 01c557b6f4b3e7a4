import FoglineSim

/// A match played on this machine by two controllers: the frame loop without a clock.
///
/// Each frame it asks both sides for the commands they enter now, schedules them
/// `Rules.inputDelay` frames ahead, runs the frame with the inputs due, and hands
/// the frame to the recorder. Whoever drives it decides how fast frames come.
public struct LocalMatch {
    public private(set) var world: World
    public private(set) var controllers: [PlayerController]
    /// Inputs scheduled for the next `Rules.inputDelay + 1` frames, by frame modulo that.
    private var schedule: [FrameInput]
    /// Commands entered beyond what one frame carries, by player, for the next frame.
    private var carried: [[PlayerCommand]] = [[], []]
    /// Called after every frame with the frame number, its inputs and the world after it.
    public var onFrame: ((Int32, FrameInput, World) throws -> Void)?

    public init(map: GameMap, seed: UInt64, player1: PlayerController, player2: PlayerController) {
        world = World(map: map, seed: seed)
        controllers = [player1, player2]
        schedule = Array(repeating: .empty, count: Int(Rules.inputDelay) + 1)
    }

    /// A match that goes on from `world` (taken over from a replay): `inFlight` are the
    /// inputs already given for the next `Rules.inputDelay` frames, in order.
    public init(world: World, inFlight: [FrameInput], player1: PlayerController, player2: PlayerController) {
        self.world = world
        controllers = [player1, player2]
        schedule = Array(repeating: .empty, count: Int(Rules.inputDelay) + 1)
        for (k, input) in inFlight.prefix(Int(Rules.inputDelay)).enumerated() {
            schedule[(Int(world.frame) + k) % schedule.count] = input
        }
    }

    /// Whether the match has a result.
    public var isOver: Bool { world.result != nil }

    /// Runs one frame.
    public mutating func runFrame() throws {
        let frame = world.frame
        let slots = schedule.count
        for player in 1...2 {
            let entered = carried[player - 1] + controllers[player - 1].commands(for: world.view(for: player))
            guard !entered.isEmpty else { continue }
            // What one frame cannot carry goes into the next one.
            let (now, later) = PlayerCommand.fitted(entered)
            carried[player - 1] = later
            let due = Int(frame + Rules.inputDelay) % slots
            schedule[due][player: player] = now
        }
        let now = Int(frame) % slots
        let input = schedule[now]
        schedule[now] = .empty
        world.step(input)
        try onFrame?(frame, input, world)
    }

    /// Runs until the match ends or `frames` frames have run in all.
    public mutating func run(untilFrame frames: Int32) throws {
        while !isOver && world.frame < frames {
            try runFrame()
        }
    }
}
