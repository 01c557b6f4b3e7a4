import FoglineNet
import FoglineSim

/// One match on the server: two seats, the frames the server closes on its own 30 Hz
/// clock, and what each seat is owed.
///
/// A pure state machine, like `LockstepSession`: no socket, no clock of its own.
/// The server's loop hands it what a seat sent (`receive`) and the time (`tick`);
/// it answers with what to send to whom. Frame F closes at `start + F` frame periods
/// with whatever each player sent for it by then; a player's commands that come
/// after their frame closed go into the next open frame and the player is told where
/// (`lateInput`), so a lagging player delays only their own orders. Every closed frame
/// goes to each seat as `inputs(player: 0)`, repeated by a `RepeatSchedule` until
/// acknowledged. What each seat sends is judged against its seat: its own inputs only,
/// within a window of frames, at a bounded rate; a seat that keeps breaking the rules
/// is kicked and the match goes on.
public final class MatchRelay {
    /// What the relay wants done.
    public enum Action: Equatable, Sendable {
        /// Send `message` to seat `seat` (1 or 2).
        case send(seat: Int, WireMessage)
        /// Disconnect seat `seat`'s peer after telling it why (the message is in a `send` before).
        case kick(seat: Int, reason: String)
        /// Keep seat `seat`'s state dump after the frame whose hashes differed.
        case keepDump(seat: Int, frame: Int32, text: String)
    }

    /// How a match ended, as the relay knows it.
    public enum Ending: Equatable, Sendable {
        /// The agreed number of frames were closed.
        case frameLimit
        /// The match reached its result (score, elimination, time) after `frame`.
        case result(frame: Int32)
        /// Both players ran their last frame (each side's own limit) after `frame`.
        case finished(frame: Int32)
        /// Seat `seat` left on purpose, or stayed away past the rejoin window: it forfeits.
        case forfeit(seat: Int)
        /// The two players' state hashes differ after `frame`.
        case desync(frame: Int32)
        /// Both seats stayed away past the rejoin window: nobody is left to win.
        case abandoned
    }

    public static let framePeriod = Duration.seconds(1) / Int(Rules.framesPerSecond)
    /// Frames beyond the open frame a player may send inputs for: twice the input delay and a packet.
    static let inputWindow: Int32 = 2 * Rules.inputDelay + 64
    /// Commands and payload bytes a seat may send a second (a person types far fewer).
    public static let commandsPerSecond = 30
    public static let bytesPerSecond = 16_384
    /// Rule breaks a seat may commit before it is kicked.
    public static let violationLimit = 20
    /// After a desync, how long the seats have to send their dumps before they are told it is over.
    public static let dumpWait = Duration.seconds(3)
    /// Frames of a seat's inputs that may wait for a missing earlier one before it is given up.
    static let aheadLimit = 2 * Int(inputWindow)
    /// Late commands a seat may have waiting for open frames; more are refused.
    static let carriedLimit = 32
    /// How long a seat that is still talking may leave a frame sent to it unacknowledged.
    /// A live client acknowledges every packet; one that keeps sending and never does is
    /// kicked, or the record of what it was sent would grow for the whole match. A seat that
    /// went silent is not: its link may be down, and it has the rejoin window to come back
    /// (its record grows only until the window forfeits it).
    public static let unacknowledgedLimit = Duration.seconds(30)
    /// With nothing new to send, an acknowledgement still goes this often.
    static let ackRepeat = Duration.milliseconds(100)

    /// The match header's fields other than the seat.
    public struct Header: Sendable, Equatable {
        public var code: String
        public var seed: UInt64
        public var mapName: String
        public var mapText: String
        public var frameLimit: Int32?
        public init(code: String, seed: UInt64, mapName: String, mapText: String, frameLimit: Int32?) {
            self.code = code
            self.seed = seed
            self.mapName = mapName
            self.mapText = mapText
            self.frameLimit = frameLimit
        }
    }

    /// One seat's state.
    struct Seat {
        var name: String
        var token: [UInt8]
        var connected = true
        var lastHeard: Duration = .zero
        /// Closed frames sent to this seat and acknowledged by it.
        var schedule = RepeatSchedule(first: 0)
        /// Every input frame of this player up to here has arrived (contiguous).
        var inputsThrough: Int32 = Rules.inputDelay - 1
        /// Input frames that arrived beyond a gap, until it fills.
        var ahead: [Int32: [PlayerCommand]] = [:]
        /// Commands for frames not closed yet, by frame.
        var pending: [Int32: [PlayerCommand]] = [:]
        /// Commands that came late (or did not fit their frame), for the next open frame.
        var carried: [PlayerCommand] = []
        var ackSent: (through: Int32, at: Duration)?
        var hashes: [Int32: UInt64] = [:]
        /// When this seat's input for a frame not closed yet first arrived, by frame.
        var arrivals: [Int32: Duration] = [:]
        var finishedAt: Int32?
        /// When the seat was last taken back (a rejoin sends the whole match: not again at once).
        var rejoinedAt: Duration?
        var violations = 0
        var kicked = false
        /// Commands and bytes counted in the current second, for the rate limits.
        var rateWindow: (start: Duration, commands: Int, bytes: Int, refused: Bool) = (.zero, 0, 0, false)
    }

    public let header: Header
    public private(set) var log = FrameLog()
    var seats: [Seat]
    let start: Duration
    /// Why it ended, once it has.
    public private(set) var ending: Ending?
    /// The latest refused packets (at most `refusalsKept`), by seat, for the log and the tests.
    public private(set) var refusals: [String] = []
    /// Every refusal of the match, counted.
    public private(set) var refusalCount = 0
    static let refusalsKept = 64
    /// When the inputs in the frames closed since `takeInputArrivals()` arrived.
    private var closedArrivals: [Duration] = []
    /// After a desync: the seats whose dumps came, when to stop waiting for them, and
    /// whether the seats have been told.
    private var dumpsKept: Set<Int> = []
    private var dumpsDue: Duration?
    private var desyncTold = false
    /// The hash each seat is sent after a desync (the other seat's), and copies still to go.
    private var desyncHashes: [Int: UInt64] = [:]
    private var hashCopiesLeft = 3

    /// A match between two seated players whose frame 0 closes at `start`.
    public init(header: Header, players: [(name: String, token: [UInt8])], start: Duration) {
        precondition(players.count == 2)
        self.header = header
        self.start = start
        seats = players.map { Seat(name: $0.name, token: $0.token, lastHeard: start, rateWindow: (start, 0, 0, false)) }
    }

    /// The last frame closed, or -1.
    public var lastClosed: Int32 { Int32(log.count) - 1 }

    /// The header as seat `seat` receives it (0: a spectator).
    public func matchStart(for seat: Int) -> WireMatchStart {
        WireMatchStart(
            seed: header.seed, mapName: header.mapName, mapText: header.mapText,
            players: seats.enumerated().map { WirePlayer(number: $0.offset + 1, name: $0.element.name) },
            inputDelay: Int(Rules.inputDelay), assignedPlayer: seat, frameLimit: header.frameLimit)
    }

    /// When the next frame closes (nil once the match has ended).
    public var nextClose: Duration? {
        ending == nil ? due(Int32(log.count)) : nil
    }

    /// When frame `frame` is due to close.
    public func due(_ frame: Int32) -> Duration { start + Self.framePeriod * Int(frame) }

    /// When each input in the frames closed since the last call arrived (for the
    /// server's input-to-broadcast measure), and forgets them.
    public func takeInputArrivals() -> [Duration] {
        defer { closedArrivals.removeAll(keepingCapacity: true) }
        return closedArrivals
    }

    /// Records of frames sent to the seats and not yet forgotten, for the memory figures.
    public var sendRecordsKept: Int { seats.reduce(0) { $0 + $1.schedule.recordsKept } }

    /// Whether `token` is seat `seat`'s.
    public func holds(_ seat: Int, token: [UInt8]) -> Bool { seats[seat - 1].token == token }

    // MARK: Time

    /// Closes every frame due by `now` and says what goes to whom.
    public func tick(now: Duration) -> [Action] {
        var actions: [Action] = []
        while let due = nextClose, due <= now {
            closeFrame()
            if let limit = header.frameLimit, Int32(log.count) >= limit { ending = .frameLimit }
        }
        for index in seats.indices where seats[index].connected && !seats[index].kicked {
            actions += feed(seat: index + 1, now: now)
        }
        if let due = dumpsDue, !desyncTold {
            if now >= due || dumpsKept.count == 2 {
                actions += tellDesync()
            } else if case .desync(let frame)? = ending {
                actions += sendDesyncHashes(frame: frame)
            }
        }
        return actions
    }

    private func closeFrame() {
        let frame = Int32(log.count)
        var input = FrameInput()
        for index in seats.indices {
            let due = seats[index].carried + (seats[index].pending.removeValue(forKey: frame) ?? [])
            let (now, later) = PlayerCommand.fitted(due)
            input.commands[index] = now
            seats[index].carried = later
            if let arrived = seats[index].arrivals.removeValue(forKey: frame) { closedArrivals.append(arrived) }
        }
        log.append(input)
        // Only a seat that is there is fed frame by frame; one that comes back gets the log.
        for index in seats.indices where seats[index].connected && !seats[index].kicked {
            seats[index].schedule.append()
        }
    }

    /// Closed frames this seat has not acknowledged, with its own inputs acknowledged inside.
    private func feed(seat: Int, now: Duration) -> [Action] {
        let index = seat - 1
        if let sent = seats[index].schedule.oldestUnacknowledgedSentAt, now - sent > Self.unacknowledgedLimit,
            now - seats[index].lastHeard < .seconds(1)
        {
            return kick(seat, reason: "acknowledged no frame sent to it in \(Self.unacknowledgedLimit)")
        }
        let through = seats[index].inputsThrough
        guard let first = seats[index].schedule.firstToSend(now: now, roundTrip: nil) else {
            if let sent = seats[index].ackSent, sent.through == through, now - sent.at < Self.ackRepeat { return [] }
            seats[index].ackSent = (through, now)
            return [.send(seat: seat, .ack(player: seat, throughFrame: through))]
        }
        let last = min(lastClosed, first + Int32(WireFormat.maxFramesPerPacket) - 1, first + 11)
        seats[index].schedule.sent(first...last, now: now)
        seats[index].ackSent = (through, now)
        return [.send(seat: seat, .inputs(player: 0, firstFrame: first, frames: log.frames(first...last), ackThrough: through))]
    }

    // MARK: What seats send

    /// Takes one message from seat `seat` at `now`, `size` bytes on the wire.
    public func receive(_ message: WireMessage, from seat: Int, size: Int, now: Duration) -> [Action] {
        let index = seat - 1
        guard !seats[index].kicked else { return [] }
        seats[index].lastHeard = now
        switch message {
        case .inputs(let player, let firstFrame, let frames, let ackThrough):
            guard player == seat else { return violation(seat, "inputs for player \(player) from seat \(seat)", now: now) }
            let commands = frames.reduce(0) { $0 + $1[player: seat].count }
            if let problem = overRate(seat, commands: commands, bytes: size, now: now) {
                // One count a second: a burst of repeats under latency is not twenty offences.
                if seats[index].rateWindow.refused { return [] }
                seats[index].rateWindow.refused = true
                return violation(seat, problem, now: now)
            }
            var actions = take(frames, from: seat, first: firstFrame, now: now)
            if let ackThrough { actions += acknowledge(seat, through: ackThrough, now: now) }
            return actions
        case .ack(let player, let through):
            guard player == 0 else { return violation(seat, "an acknowledgement of player \(player)'s frames", now: now) }
            return through.map { acknowledge(seat, through: $0, now: now) } ?? []
        case .stateHash(let frame, let hash):
            return takeHash(frame: frame, hash: hash, from: seat, now: now)
        case .stateDump(let frame, let text):
            guard case .desync(frame)? = ending, dumpsKept.insert(seat).inserted else { return [] }
            return [.keepDump(seat: seat, frame: frame, text: text)]
        case .leave(.matchOver, _):
            seats[index].finishedAt = lastClosed
            return []
        case .leave:
            if ending == nil { ending = .forfeit(seat: seat) }
            leaveSchedule(seat)
            return []
        case .hello, .chat:
            return []  // a repeated hello; chat is not relayed yet
        case .matchStart, .refused, .seated, .lateInput, .frameLog, .matchList, .spectators:
            return violation(seat, "a \(message.kind) message from a player", now: now)
        }
    }

    private func take(_ frames: [FrameInput], from seat: Int, first: Int32, now: Duration) -> [Action] {
        let index = seat - 1
        let newest = first + (Int32(frames.count) - 1)  // the codec keeps this within Int32
        guard newest <= lastClosed + 1 + Self.inputWindow else {
            return violation(seat, "inputs up to frame \(newest), beyond the window (\(lastClosed + 1 + Self.inputWindow))", now: now)
        }
        var late: Int32?
        for (offset, input) in frames.enumerated() {
            let frame = first + Int32(offset)
            guard frame > seats[index].inputsThrough else { continue }
            let commands = input[player: seat]
            guard frame == seats[index].inputsThrough + 1 else {
                seats[index].ahead[frame] = commands
                continue
            }
            var next: [PlayerCommand]? = commands
            while let current = next {
                let at = seats[index].inputsThrough + 1
                seats[index].inputsThrough = at
                let lands = max(at, lastClosed + 1)
                if seats[index].arrivals[lands] == nil { seats[index].arrivals[lands] = now }
                if at > lastClosed {
                    if !current.isEmpty { seats[index].pending[at] = current }
                } else if !current.isEmpty {
                    guard seats[index].carried.count + current.count <= Self.carriedLimit else {
                        refuse("seat \(seat): more than \(Self.carriedLimit) late commands waiting; dropped \(current.count)")
                        next = seats[index].ahead.removeValue(forKey: at + 1)
                        continue
                    }
                    seats[index].carried += current
                    late = late ?? at
                }
                next = seats[index].ahead.removeValue(forKey: at + 1)
            }
        }
        var actions: [Action] = []
        // A frame that never comes must not hold every later one back for ever (and their
        // commands in memory): an honest client sends it again within a round trip, so past
        // `aheadLimit` frames waiting behind it, it is taken as empty and the rest go on.
        if seats[index].ahead.count > Self.aheadLimit, let resume = seats[index].ahead.keys.min() {
            refuse("seat \(seat): frames \(seats[index].inputsThrough + 1) to \(resume - 1) never came; taken as empty")
            seats[index].inputsThrough = resume - 1
            var input = FrameInput()
            input[player: seat] = seats[index].ahead.removeValue(forKey: resume) ?? []
            actions += take([input], from: seat, first: resume, now: now)
        }
        guard let late, ending == nil else { return actions }
        return [.send(seat: seat, .lateInput(asked: late, landed: lastClosed + 1))] + actions
    }

    private func acknowledge(_ seat: Int, through: Int32, now: Duration) -> [Action] {
        switch seats[seat - 1].schedule.acknowledge(through: through, now: now) {
        case .old, .new: return []
        case .unknown: return violation(seat, "an acknowledgement of frame \(through), which was never closed", now: now)
        }
    }

    /// Compares the seats' hashes for `frame` once both are here. On a mismatch the match
    /// ends as a desync: each seat gets the other's hash (three copies, unreliably, as
    /// hashes travel), answers with its dump, and is told the match is over once both
    /// dumps are in or `dumpWait` has passed.
    private func takeHash(frame: Int32, hash: UInt64, from seat: Int, now: Duration) -> [Action] {
        guard frame <= lastClosed else { return [] }
        seats[seat - 1].hashes[frame] = hash
        guard let other = seats[2 - seat].hashes[frame] else { return [] }
        for index in seats.indices { seats[index].hashes = seats[index].hashes.filter { $0.key > frame } }
        guard other != hash, ending == nil || ending == .frameLimit else { return [] }
        ending = .desync(frame: frame)
        dumpsDue = now + Self.dumpWait
        // Each seat gets the other's: the sender gets the one that was waiting, the other the sender's.
        desyncHashes = [seat: other, 3 - seat: hash]
        return sendDesyncHashes(frame: frame)
    }

    /// One copy of the other seat's hash to each seat whose dump has not come: three in all,
    /// one a tick, so one lost datagram does not lose them all.
    private func sendDesyncHashes(frame: Int32) -> [Action] {
        guard hashCopiesLeft > 0 else { return [] }
        hashCopiesLeft -= 1
        return [1, 2].filter { !dumpsKept.contains($0) }.compactMap { seat in
            desyncHashes[seat].map { Action.send(seat: seat, .stateHash(frame: frame, hash: $0)) }
        }
    }

    /// Tells both seats the match is over because it went out of step.
    private func tellDesync() -> [Action] {
        guard case .desync(let frame)? = ending else { return [] }
        desyncTold = true
        let text = "state hashes differ after frame \(frame)"
        return [1, 2].map { .send(seat: $0, .leave(reason: .desync, text: text)) }
    }

    /// Why seat `seat` sending `commands` and `bytes` now breaks the rate limits, or nil.
    private func overRate(_ seat: Int, commands: Int, bytes: Int, now: Duration) -> String? {
        var window = seats[seat - 1].rateWindow
        if now - window.start >= .seconds(1) || now < window.start { window = (now, 0, 0, false) }
        window.commands += commands
        window.bytes += bytes
        seats[seat - 1].rateWindow = window
        if window.bytes > Self.bytesPerSecond { return "more than \(Self.bytesPerSecond) bytes a second" }
        // Repeats carry the same commands again: only a flood gets this far.
        if window.commands > Self.commandsPerSecond * RepeatSchedule.quickRepeats {
            return "more than \(Self.commandsPerSecond) commands a second"
        }
        return nil
    }

    /// Notes a refused packet; only the latest are kept, so a hostile seat cannot grow them.
    private func refuse(_ text: String) {
        refusalCount += 1
        refusals.append(text)
        if refusals.count > Self.refusalsKept { refusals.removeFirst(refusals.count - Self.refusalsKept) }
    }

    /// Counts a rule break; past the limit the seat is kicked.
    private func violation(_ seat: Int, _ why: String, now: Duration) -> [Action] {
        refuse("seat \(seat): \(why)")
        seats[seat - 1].violations += 1
        guard seats[seat - 1].violations > Self.violationLimit else { return [] }
        return kick(seat, reason: "kicked after \(seats[seat - 1].violations) refused packets; the last: \(why)")
    }

    /// Seat `seat` is out for good: told why, then disconnected by the server.
    private func kick(_ seat: Int, reason: String) -> [Action] {
        seats[seat - 1].kicked = true
        leaveSchedule(seat)
        return [.send(seat: seat, .leave(reason: .kicked, text: String(reason.prefix(200)))), .kick(seat: seat, reason: reason)]
    }

    /// Seat `seat` sent a packet the server could not use (undecodable, or larger than
    /// any message a player sends): refused and counted like any rule break.
    public func refuseUnreadable(from seat: Int, why: String, now: Duration) -> [Action] {
        guard !seats[seat - 1].kicked else { return [] }
        seats[seat - 1].lastHeard = now
        return violation(seat, why, now: now)
    }

    // MARK: Seats coming and going

    /// Seat `seat`'s peer is gone (it may come back with its token).
    public func disconnected(_ seat: Int) { leaveSchedule(seat) }

    /// Seat `seat` is no longer fed: its record of frames sent goes (a new one starts if it comes back).
    private func leaveSchedule(_ seat: Int) {
        seats[seat - 1].connected = false
        seats[seat - 1].schedule = RepeatSchedule(first: Int32(log.count))
    }

    /// Seat `seat` is back: returns every frame closed so far as `frameLog` messages (one,
    /// unless the match outgrew a message), to go reliably right after its header; from
    /// then on it is fed like any seat.
    public func reconnected(_ seat: Int, now: Duration) -> [WireMessage] {
        seats[seat - 1].rejoinedAt = now
        seats[seat - 1].connected = true
        // Rule breaks are not forgiven by coming back.
        seats[seat - 1].lastHeard = now
        seats[seat - 1].finishedAt = nil
        // The log goes reliably, so nothing in it is repeated frame by frame: the schedule
        // starts after it (a record of every frame so far, forgotten at once, would keep
        // its capacity for the rest of the match).
        seats[seat - 1].schedule = RepeatSchedule(first: Int32(log.count))
        // Room for the message's own header within the largest packet a frame log may be.
        let room = WireFormat.maxPacketBytes(for: .frameLog) - 64
        let ranges = log.chunks(maxBytes: room, maxFrames: WireFormat.maxFramesPerLog)
        guard !ranges.isEmpty else { return [.frameLog(firstFrame: 0, frames: [])] }
        return ranges.map { .frameLog(firstFrame: $0.lowerBound, frames: log.frames($0)) }
    }

    /// Frames `first` through `last` as `frameLog` messages, split to fit: what a spectator
    /// is sent. Spectators send nothing the match waits on, so this changes nothing.
    public func frameLogs(from first: Int32, through last: Int32) -> [WireMessage] {
        let room = WireFormat.maxPacketBytes(for: .frameLog) - 64
        return log.chunks(from: first, through: last, maxBytes: room, maxFrames: WireFormat.maxFramesPerLog)
            .map { .frameLog(firstFrame: $0.lowerBound, frames: log.frames($0)) }
    }

    /// How long a seat waits between two rejoins: each sends the whole match so far.
    public static let rejoinInterval = Duration.seconds(1)

    /// Whether seat `seat` may be taken back now (not within `rejoinInterval` of the last time).
    public func mayRejoin(_ seat: Int, now: Duration) -> Bool {
        seats[seat - 1].rejoinedAt.map { now - $0 >= Self.rejoinInterval } ?? true
    }

    /// Whether seat `seat` was kicked (it may not come back).
    public func isKicked(_ seat: Int) -> Bool { seats[seat - 1].kicked }

    /// Whether seat `seat` has run its last frame (it will send no more).
    public func hasFinished(_ seat: Int) -> Bool { seats[seat - 1].finishedAt != nil }

    /// When anything last came from seat `seat`.
    public func lastHeard(_ seat: Int) -> Duration { seats[seat - 1].lastHeard }

    /// Whether seat `seat` is connected.
    public func isConnected(_ seat: Int) -> Bool { seats[seat - 1].connected }

    /// Ends the match because both seats stayed away too long: no winner.
    public func abandon() {
        guard ending == nil else { return }
        ending = .abandoned
        for index in seats.indices { seats[index].connected = false }
    }

    /// Ends the match because seat `seat` stayed away too long.
    public func forfeit(_ seat: Int) {
        guard ending == nil else { return }
        ending = .forfeit(seat: seat)
        // Nothing more is owed to a seat that is gone.
        seats[seat - 1].connected = false
    }

    /// Ends the match at the result its replay reached after `frame` (the archive simulates; the relay does not).
    public func reportResult(frame: Int32) {
        if ending == nil { ending = .result(frame: frame) }
    }

    /// Ends the match because both players have said it is over (their last frame ran).
    public func endIfBothFinished() {
        if ending == nil, seats.allSatisfy({ $0.finishedAt != nil }) { ending = .finished(frame: lastClosed) }
    }

    /// Whether every connected seat has acknowledged every closed frame: nothing more is owed.
    public var allDelivered: Bool {
        if dumpsDue != nil && !desyncTold { return false }
        return seats.allSatisfy { !$0.connected || $0.kicked || $0.schedule.ackedThrough >= lastClosed }
    }
}
