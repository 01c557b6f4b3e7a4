import Foundation
import FoglineMatch
import FoglineReplay
import FoglineSim

/// The server's disk work on a thread of its own: each match's replay (re-simulated
/// as its frames close, so the file has state hashes and the result like any replay)
/// and the index. The service thread only queues work here and never waits for it.
public final class MatchArchive: @unchecked Sendable {
    /// What the service thread asks for.
    enum Job {
        case open(code: String, start: MatchArchiveStart)
        /// The match's next frames, encoded: queued frames of one match are gathered into
        /// one buffer until the archive takes them (see `submit`).
        case frames(code: String, EncodedFrames)
        case close(code: String, how: MatchArchiveEnd)
        /// A closed match's result corrected in the index (a desync found after its end).
        case amend(code: String, frames: Int, how: MatchArchiveEnd)
        /// A seat's state dump after a desync, written beside the match's replay.
        case dump(code: String, seat: Int, text: String)
        case stop
    }

    public let directory: String
    private let store: MatchStore
    private let condition = NSCondition()
    /// Under the lock, as everything the service thread hands over.
    private var jobs: [Queued] = []
    /// Frames waiting for their turn, by the number of the `.frames` entry that takes them.
    private var waitingFrames: [Int: EncodedFrames] = [:]
    /// The entry still taking frames for each match code (until something else is queued
    /// for that code: after a close, a new match may get the same code).
    private var takingFrames: [String: Int] = [:]
    private var nextEntry = 0
    private var results: [String: Int32] = [:]
    private var failures: [String] = []
    private var framesQueued = 0
    /// Each open match's scores every second of play, newest last (for the list of live
    /// matches, which may show only scores as old as what spectators see). Under the lock.
    private var scoreTrails: [String: [ScoreSample]] = [:]
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// One match being recorded, owned by the archive thread.
    private struct Open {
        var recorder: MatchRecorder
        var world: World
        var path: String
        var broken: String?
    }
    private var open: [String: Open] = [:]
    /// One map per map text, shared by every match on it: a map carries its tables and its
    /// path cache (a few hundred KB), which then serve all those matches at once. Matches
    /// are made only on the server's own maps, so this holds at most one per served map.
    private var maps: [String: GameMap] = [:]
    /// The replays of the latest matches opened, by code (a dump may come after its match
    /// closed), and their codes oldest first, to forget all but the last `pathsKept`.
    private var paths: [String: String] = [:]
    private var pathCodes: [String] = []
    static let pathsKept = 1024

    /// An archive writing replays into `directory` and indexing them in `store`.
    public init(directory: String, store: MatchStore) {
        self.directory = directory
        self.store = store
        let thread = Thread { self.run() }
        thread.name = "fogline-archive"
        self.thread = thread
        thread.start()
    }

    /// Where a new match's replay goes: `CODE.fogrep`, or `CODE-2.fogrep` and so on when an
    /// older match had the same code (codes are unique only among live matches), so no
    /// replay is ever written over. Decided on the archive thread, which owns the disk.
    func newReplayPath(code: String) -> String {
        var path = "\(directory)/\(code).fogrep"
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(directory)/\(code)-\(n).fogrep"
            n += 1
        }
        return path
    }

    /// What waits in the queue: a job, or a place in it for a match's frames.
    private enum Queued {
        case job(Job)
        /// Takes `waitingFrames[entry]` for `code` when its turn comes.
        case frames(code: String, entry: Int)
    }

    func submit(_ job: Job) { submit([job]) }

    /// Queues `batch` in order, with one lock and one wake-up for all of it.
    ///
    /// A match's frames join those of its that already wait, so a queue that grows while
    /// the archive is behind holds each match's frames in one encoded buffer, a couple of
    /// bytes a frame, not a job every tenth of a second.
    func submit(_ batch: [Job]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        for job in batch {
            switch job {
            case .frames(let code, let frames):
                framesQueued += frames.count
                if let entry = takingFrames[code] {
                    waitingFrames[entry, default: EncodedFrames()].append(frames)
                } else {
                    nextEntry += 1
                    takingFrames[code] = nextEntry
                    waitingFrames[nextEntry] = frames
                    jobs.append(.frames(code: code, entry: nextEntry))
                }
            case .open(let code, _), .close(let code, _), .amend(let code, _, _), .dump(let code, _, _):
                takingFrames[code] = nil
                jobs.append(.job(job))
            case .stop:
                jobs.append(.job(job))
            }
        }
        condition.signal()
        condition.unlock()
    }

    /// Frames handed over and not yet re-simulated: how far behind the archive is.
    public var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return framesQueued
    }

    /// Matches whose replay reached a result (score, elimination, time) since the last call, by the frame it came at.
    public func takeResults() -> [String: Int32] {
        condition.lock()
        defer { condition.unlock() }
        let taken = results
        results.removeAll()
        return taken
    }

    /// Problems writing replays or the index since the last call, for the log.
    public func takeFailures() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        let taken = failures
        failures.removeAll()
        return taken
    }

    /// Finishes every queued job, then stops the thread.
    public func stop() {
        submit(.stop)
        finished.wait()
    }

    private func run() {
        Self.yieldToServiceThread()
        // Picked by the scheduler while the service thread was busy, even a nice-19 thread
        // keeps the core until the next tick (4 ms at 250 Hz): at 500 matches on one core
        // that was the tail of the frames' lateness. It yields after every tenth of a
        // millisecond of work instead; with nobody waiting, a yield costs a system call.
        let clock = ContinuousClock()
        var workingSince = clock.now
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            workingSince = clock.now
            let batch = jobs
            jobs.removeAll()
            condition.unlock()
            for queued in batch {
                switch queued {
                case .job(.stop):
                    finished.signal()
                    return
                case .job(let job):
                    perform(job)
                case .frames(let code, let entry):
                    condition.lock()
                    let frames = waitingFrames.removeValue(forKey: entry) ?? EncodedFrames()
                    if takingFrames[code] == entry { takingFrames[code] = nil }
                    condition.unlock()
                    perform(.frames(code: code, frames))
                    condition.lock()
                    framesQueued -= frames.count
                    condition.unlock()
                }
                if clock.now - workingSince > Self.workBetweenYields {
                    sched_yield()
                    workingSince = clock.now
                }
            }
        }
    }

    private func perform(_ job: Job) {
        switch job {
        case .open(let code, let start):
            do {
                let map = try maps[start.mapText]
                    ?? MapLoader.parse(text: start.mapText, file: "\(start.mapName) (match \(code))")
                maps[start.mapText] = map
                let world = World(map: map, seed: start.seed)
                let path = newReplayPath(code: code)
                remember(path, of: code)
                let players = start.players.map { ReplayPlayer(name: $0, kind: "player") }
                let recorder = try MatchRecorder(path: path, world: world, players: players)
                open[code] = Open(recorder: recorder, world: world, path: path)
                try store.started(
                    MatchRecord(
                        code: code, map: start.mapName, player1: start.players[0], player2: start.players[1],
                        startedAt: Self.timestamp(), endedAt: nil, frames: 0, result: "running", winner: nil, replayPath: path))
            } catch {
                fail("match \(code): the replay or the index could not be opened: \(error)")
            }
        case .frames(let code, let frames):
            // Taken out while it steps, so the world is not copied on its first change.
            guard var match = open.removeValue(forKey: code) else { return }
            defer { open[code] = match }
            guard match.broken == nil else { return }
            var samples: [ScoreSample] = []
            defer { keep(samples, of: code) }
            do {
                try frames.forEachFrame { input in
                    guard match.world.result == nil else { return false }
                    let frame = match.world.frame
                    match.world.step(input)
                    if match.world.frame % Rules.framesPerSecond == 0 {
                        samples.append(ScoreSample(frame: match.world.frame, scores: match.world.scores))
                    }
                    do {
                        try match.recorder.frameRan(frame, input: input, world: match.world)
                    } catch {
                        match.broken = "\(error)"
                        fail("match \(code): the replay stopped at frame \(frame): \(error)")
                        return false
                    }
                    if match.world.result != nil { report(code, frame: match.world.frame) }
                    return true
                }
            } catch {
                match.broken = "\(error)"
                fail("match \(code): its frames could not be read back at frame \(match.world.frame): \(error)")
            }
        case .close(let code, let how):
            keep(nil, of: code)
            guard var match = open.removeValue(forKey: code) else { return }
            switch how {
            case .forfeit(let seat): match.world.forfeit(by: seat)
            case .noWinner(let reason): match.world.end(withoutWinner: reason)
            case .asPlayed: break
            }
            if let note = how.note { try? match.recorder.note(note) }
            do {
                try match.recorder.finish(world: match.world)
            } catch {
                fail("match \(code): the replay could not be closed: \(error)")
            }
            let result = match.world.result
            do {
                try store.ended(
                    code: code, endedAt: Self.timestamp(), frames: Int(match.world.frame),
                    result: how.indexResult ?? result?.reason.rawValue ?? "frame_limit",
                    winner: result.flatMap { $0.winner == 0 ? nil : $0.winner })
            } catch {
                fail("match \(code): the index could not be updated: \(error)")
            }
        case .amend(let code, let frames, let how):
            do {
                try store.ended(
                    code: code, endedAt: Self.timestamp(), frames: frames, result: how.indexResult ?? "frame_limit", winner: nil)
            } catch {
                fail("match \(code): the index could not be corrected: \(error)")
            }
        case .dump(let code, let seat, let text):
            do {
                _ = try DesyncDumps.write([(seat, text)], besides: paths[code] ?? newReplayPath(code: code))
            } catch {
                fail("match \(code): seat \(seat)'s desync dump could not be written: \(error)")
            }
        case .stop:
            break
        }
    }

    /// A score of a match at a frame.
    struct ScoreSample {
        var frame: Int32
        var scores: [Int32]
    }

    /// Samples kept per match: four minutes and a quarter of play.
    static let scoreSamplesKept = 256

    /// Adds `samples` to the match's trail (nil: forgets the match).
    private func keep(_ samples: [ScoreSample]?, of code: String) {
        guard samples?.isEmpty != true else { return }
        condition.lock()
        defer { condition.unlock() }
        guard let samples else {
            scoreTrails[code] = nil
            return
        }
        var trail = scoreTrails[code, default: []]
        trail += samples
        if trail.count > Self.scoreSamplesKept + Self.scoreSamplesKept / 4 {
            trail.removeFirst(trail.count - Self.scoreSamplesKept)
        }
        scoreTrails[code] = trail
    }

    /// Each match's newest known score at a frame no later than asked (`frames`: code to
    /// frame); a match with none that old is left out.
    public func scores(asOf frames: [String: Int32]) -> [String: [Int32]] {
        condition.lock()
        defer { condition.unlock() }
        var out: [String: [Int32]] = [:]
        for (code, frame) in frames {
            if let sample = scoreTrails[code]?.last(where: { $0.frame <= frame }) { out[code] = sample.scores }
        }
        return out
    }

    private func remember(_ path: String, of code: String) {
        paths[code] = path
        pathCodes.append(code)
        if pathCodes.count > 2 * Self.pathsKept {
            let oldest = pathCodes.prefix(Self.pathsKept)
            pathCodes.removeFirst(Self.pathsKept)
            // A match still open keeps its path, and its place at the back of the line.
            for old in oldest {
                if open.keys.contains(old) { pathCodes.append(old) } else { paths[old] = nil }
            }
        }
    }

    private func report(_ code: String, frame: Int32) {
        condition.lock()
        results[code] = frame
        condition.unlock()
    }

    private func fail(_ message: String) {
        condition.lock()
        failures.append(message)
        condition.unlock()
    }

    /// Lowers this thread's priority to the least (nice 19, Linux): the archive gets what
    /// the service thread leaves. Under overload it falls behind (its queue grows) rather
    /// than the frames going out late. See `run` for how it also gives the core back.
    static func yieldToServiceThread() {
        #if os(Linux)
            // On Linux a "process" here is the calling thread (threads are tasks): only it is lowered.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
    }

    /// Work the archive does before it offers the core to a waiting thread.
    static let workBetweenYields = Duration.microseconds(100)

    static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// What the archive needs to open a match's replay.
struct MatchArchiveStart {
    var seed: UInt64
    var mapName: String
    var mapText: String
    var players: [String]
}

/// How a match's replay is closed.
enum MatchArchiveEnd {
    /// With whatever the frames played out to (a result, or unfinished at a frame limit).
    case asPlayed
    /// Seat `seat` forfeits at the last frame.
    case forfeit(seat: Int)
    /// Nobody wins: the server stopped, or the states differed.
    case noWinner(MatchResult.Reason)

    var note: String? {
        if case .noWinner(let reason) = self { return "the match ended with no winner: \(reason.rawValue)" }
        return nil
    }

    /// What the index says when it is not the replay's own result.
    var indexResult: String? {
        switch self {
        case .asPlayed: nil
        case .forfeit: "forfeit"
        case .noWinner(let reason): reason.rawValue
        }
    }
}
