import FoglineSim

/// Two players, one deterministic world, kept in step over a `PeerTransport`.
///
/// Every 30 Hz frame the local side enters its commands for frame F + input delay
/// and sends them, repeated until acknowledged. Frame F runs only when both players'
/// inputs for it are here; otherwise the session stalls and says whom it waits for.
/// Once a second (every 30th frame) the state hash goes to the peer, and a mismatch ends the match
/// with both sides' state dumps. Time comes from a `SessionClock`, packets from the
/// transport: nothing happens between calls to `pump()`, so a test can drive two
/// sessions by hand.
public final class LockstepSession {
    /// What the session is told at the start.
    public struct Configuration: Sendable {
        /// 1 or 2.
        public var localPlayer: Int
        /// How the other player is named on screen ("waiting for Ada").
        public var peerName: String
        /// Frames between entering a command and it running (DESIGN: 3).
        public var inputDelay: Int32
        /// Stop after this many frames, if the match has not ended before.
        public var frameLimit: Int32?
        /// Test only: perturb this side's state right after this frame runs, to force a desync.
        public var perturbAfterFrame: Int32?
        /// How long to keep the link up after the end so the peer gets the last inputs.
        public var lingerLimit: Duration
        /// How long to wait for the peer's state dump after a desync.
        public var dumpWait: Duration
        /// The peer is gone only when nothing at all has arrived from it for this long (DESIGN: 30 s).
        public var peerTimeout: Duration

        public init(
            localPlayer: Int, peerName: String, inputDelay: Int32 = Rules.inputDelay, frameLimit: Int32? = nil,
            perturbAfterFrame: Int32? = nil, lingerLimit: Duration = .seconds(3), dumpWait: Duration = .seconds(2),
            peerTimeout: Duration = LockstepSession.defaultPeerTimeout
        ) {
            self.localPlayer = localPlayer
            self.peerName = peerName
            self.inputDelay = inputDelay
            self.frameLimit = frameLimit
            self.perturbAfterFrame = perturbAfterFrame
            self.lingerLimit = lingerLimit
            self.dumpWait = dumpWait
            self.peerTimeout = peerTimeout
        }
    }

    enum Phase: Equatable {
        /// Frames run.
        case running
        /// This side is done; the peer is still owed inputs until it acknowledges them.
        case finishing(until: Duration)
        /// States differ; waiting a little for the peer's dump.
        case desynced(until: Duration)
        case ended
    }

    public static let framePeriod = Duration.seconds(1) / Int(Rules.framesPerSecond)
    /// Frames run at once to catch up after a short stall.
    static let maxCatchUp = 3
    /// Hashes and worlds kept for comparison, in frames (three seconds).
    static let hashMemory: Int32 = 90
    /// Frames between state hashes: one a second.
    public static let hashInterval: Int32 = 30
    /// Sends of each hash, one a frame: it travels unreliably, so a lost copy costs nothing.
    static let hashCopies = 3
    /// Nothing at all from the peer for this long and it is gone (`--peer-timeout`).
    public static let defaultPeerTimeout = Duration.seconds(30)
    /// A silence this long is shown ("connection lost — 2 s"); shorter ones are ordinary loss.
    public static let silenceShown = Duration.seconds(1)
    /// An inputs packet is kept under this many bytes, so it fits in one datagram.
    static let inputsPacketBudget = 1100
    /// Frames one packet carries at most. A longer backlog is sent oldest first over the
    /// next packets: a packet never grows past this, however bad the link. Which frames
    /// go at all is the `RepeatSchedule`'s call.
    public static let redundancyCap: Int32 = 12
    /// With nothing new to acknowledge, the acknowledgement is still repeated this often.
    static let ackRepeat = Duration.milliseconds(100)


    public let configuration: Configuration
    let transport: PeerTransport
    let clock: SessionClock
    var peerPlayer: Int { 3 - configuration.localPlayer }
    var delay: Int32 { configuration.inputDelay }

    /// The shared world, as of the last frame run.
    public private(set) var world: World
    /// Asked once per frame for the commands the local side enters now (they run `inputDelay` frames later).
    public var commandSource: (PlayerView) -> [PlayerCommand] = { _ in [] }
    /// Called after every frame with the frame number, its inputs and the world after it.
    public var onFrame: ((Int32, FrameInput, World) -> Void)?
    /// Called for every packet the session could not use, with the reason.
    public var onMalformed: ((String) -> Void)?

    var phase: Phase = .running
    /// Why it ended, once it has.
    public internal(set) var ending: SessionEnding?

    // Inputs: ours from frame 0 (the first `inputDelay` frames are empty on both sides).
    var localInputs: [[PlayerCommand]]
    /// Commands entered beyond what one frame carries, for the next frame.
    var carried: [PlayerCommand] = []
    /// When each local frame's input was entered, for the input-to-execution latency.
    var enteredAt: [Duration]
    /// How each local frame's input has been sent and acknowledged.
    var schedule: RepeatSchedule
    /// The peer's inputs, contiguous from frame 0 (the first `inputDelay` frames are empty).
    var peerInputs: FrameStream<[PlayerCommand]>
    /// The newest peer frame seen, for clock alignment.
    var peerNewestFrame: Int32
    /// The acknowledgement last sent, and when.
    var ackSent: (through: Int32, at: Duration)?

    var nextSendAt: Duration = .zero
    /// Hashes still to be sent (each a few times), oldest first.
    var hashesToSend: [(frame: Int32, hash: UInt64, copiesLeft: Int)] = []
    /// The newest frame whose hashes were compared; older copies are ignored.
    var comparedThrough: Int32 = -1
    /// When anything last arrived from the peer.
    var lastHeardAt: Duration

    // Time.
    var nextFrameAt: Duration
    /// When the first frame was due.
    public let startedAt: Duration
    /// When the session ended (the link closed), and when its last frame had run.
    public private(set) var endedAt: Duration?
    public private(set) var playEndedAt: Duration?
    /// Since when a due frame has waited (its due time), during a stall.
    var stalledSince: Duration?
    /// When the last frame ran.
    var lastFrameRanAt: Duration = .zero
    var advantageSamples: [Int64] = []
    var roundTrips = RoundTripLog()

    // Hashes.
    var localHashes: [Int32: UInt64] = [:]
    var recentWorlds: [Int32: World] = [:]
    var peerHashes: [Int32: UInt64] = [:]
    var desync: DesyncReport?
    var dumpSent = false
    var peerFinished = false

    // What the session measured.
    /// Stalls: times a due frame had to wait for the peer's input, however briefly.
    public private(set) var stalledFrames = 0
    /// The longest a single due frame waited for the peer's input.
    public private(set) var longestStall = Duration.zero

    /// The time lost to waiting: how much longer the frames run so far took than 30 a
    /// second would have. A frame that runs a little late without slowing the ones after
    /// it costs nothing here; a 5 s freeze costs 5 s.
    public var stallTime: Duration {
        let elapsed = (playEndedAt ?? endedAt ?? clock.now) - startedAt
        return max(.zero, elapsed - Self.framePeriod * Int(world.frame))
    }
    /// Input-to-execution times of local inputs, in milliseconds, one per frame run.
    public private(set) var inputLatencies: [Int64] = []
    /// Packets refused (undecodable, or breaking the session's rules).
    public internal(set) var malformedPackets = 0
    /// Hashes compared with the peer's, all equal unless there was a desync.
    public internal(set) var hashesCompared = 0

    /// A session starting from `world` (frame 0), the first frame due at `startAt`.
    public init(
        world: World, configuration: Configuration, transport: PeerTransport, clock: SessionClock,
        startAt: Duration? = nil
    ) {
        precondition(configuration.localPlayer == 1 || configuration.localPlayer == 2)
        self.world = world
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        let d = Int(configuration.inputDelay)
        localInputs = Array(repeating: [], count: d)
        enteredAt = Array(repeating: .zero, count: d)
        schedule = RepeatSchedule(first: configuration.inputDelay)
        peerInputs = FrameStream(initial: Array(repeating: [], count: d))
        peerNewestFrame = configuration.inputDelay - 1
        nextFrameAt = startAt ?? clock.now
        startedAt = nextFrameAt
        lastHeardAt = clock.now
    }

    /// Whether the session has finished (the link is closed).
    public var isEnded: Bool { phase == .ended }

    /// Whether frames still run.
    public var isRunning: Bool { phase == .running }

    /// The peer's name while a due frame waits for its input for longer than two frames, else nil.
    public var waitingFor: String? {
        guard phase == .running, let since = stalledSince, clock.now - since >= Self.framePeriod * 2 else { return nil }
        return configuration.peerName
    }

    /// How long the current stall has lasted, if a due frame is waiting.
    public var stalledFor: Duration? { stalledSince.map { clock.now - $0 } }

    /// How long nothing at all has arrived from the peer, once that is long enough to show
    /// ("connection lost — 12 s"); nil while packets flow.
    public var silentFor: Duration? {
        guard phase != .ended else { return nil }
        let silence = clock.now - lastHeardAt
        return silence >= Self.silenceShown ? silence : nil
    }

    /// The median round trip over the whole match, in milliseconds, once measured.
    public var matchRoundTripMilliseconds: Int? { roundTrips.matchMilliseconds }

    /// What the link has carried so far, where the transport counts it.
    public var traffic: LinkTraffic? { transport.traffic }

    /// The link's descriptor, for poll(2).
    public var pollDescriptor: Int32? { transport.pollDescriptor }

    /// The round trip of inputs and their acknowledgements (the median of the last 15), in milliseconds, once measured.
    public var roundTripMilliseconds: Int? { roundTrips.recentMilliseconds }

    /// The last frame whose local input exists.
    var producedThrough: Int32 { Int32(localInputs.count) - 1 }
    /// The last frame up to which every peer input is here.
    var peerThrough: Int32 { peerInputs.through }

    /// Does whatever is due now: takes in packets, runs due frames, sends inputs and acks.
    public func pump() {
        guard phase != .ended else { return }
        let now = clock.now
        receive(transport.exchange(now: now), now: now)
        switch phase {
        case .running:
            runDueFrames(now: now)
            sendInputs(now: now)
        case .finishing(let until):
            sendInputs(now: now)
            if schedule.ackedThrough >= world.frame - 1 || peerFinished || now >= until { close() }
        case .desynced(let until):
            if desync?.peerDump != nil || now >= until { close() }
        case .ended:
            break
        }
        if phase != .ended {
            if now - lastHeardAt >= configuration.peerTimeout { return end(.connectionLost) }
            transport.flush()
        }
    }

    /// When `pump()` next has something to do (it may be called earlier: a packet may arrive).
    public var nextWake: Duration {
        var wake: Duration
        switch phase {
        // While stalled, the frame is overdue: wait for the peer's packet (or the next send), not spin.
        case .running: wake = stalledSince == nil ? min(nextFrameAt, nextSendAt) : nextSendAt
        // The timeout is checked on every pass; a pass comes at least once a frame.
        case .finishing(let until): wake = min(until, nextSendAt)
        case .desynced(let until): wake = until
        case .ended: return clock.now + .seconds(1)
        }
        if let due = transport.nextDue { wake = min(wake, due) }
        return wake
    }

    /// The person here leaves: the peer is told, the link closed.
    public func quit() {
        guard phase != .ended else { return }
        if case .finishing = phase {
            // The match is over already: leaving now changes nothing but the goodbye.
            close()
            return
        }
        if ending == nil { ending = .localQuit }
        send(.leave(reason: .quit, text: ""))
        close()
    }

    // MARK: Frames

    private func runDueFrames(now: Duration) {
        var ran = 0
        while phase == .running && now >= nextFrameAt && ran < Self.maxCatchUp {
            let frame = world.frame
            if world.result != nil {
                finish(.result, now: now)
                return
            }
            if let limit = configuration.frameLimit, frame >= limit {
                finish(.frameLimit, now: now)
                return
            }
            enterLocalInput(for: frame + delay, now: now)
            guard peerThrough >= frame else {
                if stalledSince == nil {
                    // The wait counts from when the frame was due, or from the frame
                    // before it if that ran late (catching up is not waiting).
                    stalledSince = max(nextFrameAt, lastFrameRanAt)
                    stalledFrames += 1
                }
                if peerFinished && schedule.ackedThrough >= producedThrough {
                    // It finished and left, yet its inputs for this frame never came: the link
                    // lost them for good. Nobody quit, so nobody wins.
                    end(.connectionLost)
                }
                return
            }
            endStall(now: now)
            runFrame(frame, now: now)
            lastFrameRanAt = now
            nextFrameAt += Self.framePeriod + slowdown()
            ran += 1
        }
        // After a long stall, start again from now rather than racing through missed frames.
        if now - nextFrameAt > Self.framePeriod * Self.maxCatchUp { nextFrameAt = now }
    }

    /// Notes the stall that just ended (if any) for the longest wait.
    private func endStall(now: Duration) {
        guard let since = stalledSince else { return }
        stalledSince = nil
        longestStall = max(longestStall, now - since)
    }

    /// Asks for this side's commands once per frame and sends them straight away.
    private func enterLocalInput(for frame: Int32, now: Duration) {
        guard producedThrough < frame else { return }
        // Whatever one frame cannot carry on the wire goes into the next.
        let (fits, later) = PlayerCommand.fitted(carried + commandSource(world.view(for: configuration.localPlayer)))
        carried = later
        localInputs.append(fits)
        enteredAt.append(now)
        schedule.append()
        nextSendAt = now
    }

    private func runFrame(_ frame: Int32, now: Duration) {
        let index = Int(frame)
        var input = FrameInput()
        input[player: configuration.localPlayer] = localInputs[index]
        input[player: peerPlayer] = peerInputs[frame]
        world.step(input)
        if frame >= delay { inputLatencies.append((now - enteredAt[index]).wholeMilliseconds) }
        if configuration.perturbAfterFrame == frame { world.perturbForTesting() }
        onFrame?(frame, input, world)
        recordHash(after: frame)
    }

    /// Stops running frames; the link stays up until the peer has what it needs.
    private func finish(_ why: SessionEnding, now: Duration) {
        ending = why
        playEndedAt = now
        phase = .finishing(until: now + configuration.lingerLimit)
        sendInputs(now: now)
    }

    /// Ends at once (nothing more is owed to the peer, or it is gone).
    func end(_ why: SessionEnding) {
        if ending == nil { ending = why }
        close()
    }

    /// Says goodbye if the link is still there, and closes it.
    func close() {
        guard phase != .ended else { return }
        endStall(now: clock.now)
        endedAt = clock.now
        switch ending {
        case .result?, .frameLimit?:
            send(.leave(reason: .matchOver, text: "the match is over at frame \(world.frame)"))
        default:
            break
        }
        phase = .ended
        transport.close()
    }

    // MARK: Sending

    func send(_ message: WireMessage) {
        do {
            transport.send(try message.encode(), delivery: Delivery.of(message.kind))
        } catch {
            onMalformed?("could not encode \(message.kind): \(error)")
        }
    }

    /// Once a frame: every frame the peer has not acknowledged (up to `redundancyCap`)
    /// with the acknowledgement of the peer's inside, and any hash still owed, queued
    /// together so the transport carries them in one datagram.
    private func sendInputs(now: Duration) {
        guard now >= nextSendAt else { return }
        nextSendAt = now + Self.framePeriod
        if !sendOwnFrames(now: now) { sendAck(now: now) }
        sendHashes()
    }

    /// Sends the unacknowledged frames with the acknowledgement inside; false if there were none.
    private func sendOwnFrames(now: Duration) -> Bool {
        let roundTrip = roundTripMicroseconds.map { Duration.microseconds($0) }
        guard let first = schedule.firstToSend(now: now, roundTrip: roundTrip) else { return false }
        let last = min(producedThrough, first + Self.redundancyCap - 1)
        var frames: [FrameInput] = []
        frames.reserveCapacity(Int(last - first + 1))
        for frame in first...last {
            var input = FrameInput()
            input[player: configuration.localPlayer] = localInputs[Int(frame)]
            frames.append(input)
        }
        // Oldest first, as many as fit one datagram (always at least one frame); the rest next time.
        let ack = peerThrough
        func encoded() -> [UInt8]? {
            try? WireMessage.inputs(player: configuration.localPlayer, firstFrame: first, frames: frames, ackThrough: ack)
                .encode()
        }
        var packet = encoded()
        while frames.count > 1, (packet?.count ?? Int.max) > Self.inputsPacketBudget {
            frames.removeLast((frames.count + 1) / 2)
            packet = encoded()
        }
        guard let packet else {
            onMalformed?("the input for frame \(first) could not be encoded")
            return false
        }
        transport.send(packet, delivery: .inputs)
        ackSent = (ack, now)
        schedule.sent(first...(first + Int32(frames.count) - 1), now: now)
        return true
    }

    /// With no frames to carry it: acknowledges the peer's frames when that says something
    /// new, and repeats it now and then otherwise (it may have been lost; it also tells
    /// the peer we are here).
    private func sendAck(now: Duration) {
        if let sent = ackSent, sent.through == peerThrough, now - sent.at < Self.ackRepeat { return }
        ackSent = (peerThrough, now)
        send(.ack(player: peerPlayer, throughFrame: peerThrough))
    }
}
