/// The optional fields of the status line, filled by whoever runs the match.
public struct StatusInfo: Hashable, Sendable {
    /// Which resolver reads commands: "offline", or a model name.
    public var resolver: String?
    /// The network round trip, when playing over a network.
    public var roundTripMilliseconds: Int?
    /// Who the session is waiting for, when it is stalled ("player 2").
    public var waitingFor: String?
    /// Seconds nothing at all has arrived from the other side, once that shows ("connection lost — 12 s").
    public var silentSeconds: Int?
    /// On a network match: frames between entering a command and it running.
    public var inputDelayFrames: Int?
    /// On a server match: how many spectators watch.
    public var spectators: Int?
    /// On the watch screen: how the frame shown stands to the live match ("LIVE",
    /// "LIVE − 30 s", "0:42 behind live", "match over").
    public var live: String?
    /// In the replay viewer: the number of frames, so the line reads `frame N/TOTAL`.
    public var replayTotalFrames: Int32?
    /// Replay speed as shown ("2x", "1/4x").
    public var speed: String?
    public var paused: Bool
    /// A short note shown at the end of the line (a saved file, a toggled option).
    public var message: String?

    public init(
        resolver: String? = nil, roundTripMilliseconds: Int? = nil, waitingFor: String? = nil,
        replayTotalFrames: Int32? = nil, speed: String? = nil, paused: Bool = false, message: String? = nil
    ) {
        self.resolver = resolver
        self.roundTripMilliseconds = roundTripMilliseconds
        self.waitingFor = waitingFor
        self.replayTotalFrames = replayTotalFrames
        self.speed = speed
        self.paused = paused
        self.message = message
    }
}
