import FoglineReplay
import FoglineSim

/// Re-simulates a replay from its own header and checks every recorded hash.
public enum ReplayVerifier {
    /// What a verification found.
    public struct Report: Sendable {
        /// The world after the last frame that could be re-simulated.
        public var world: World
        public var players: [String]
        /// Hashes compared (all equal up to `mismatch`).
        public var hashesChecked: Int
        /// The first frame whose hash differs, with the recorded and the re-simulated hash.
        public var mismatch: (frame: Int32, recorded: UInt64, actual: UInt64)?
        /// Whether the recorded result matches the re-simulated one (nil: none recorded).
        public var resultMatches: Bool?
        /// Where a damaged file stops being readable.
        public var damage: ReplayDamage?
        /// For a match taken over from another replay, the frame it began at (its hash
        /// there is among those checked).
        public var takeOverFrame: Int32?

        public var isValid: Bool { mismatch == nil && damage == nil && resultMatches != false }
    }

    /// Verifies the replay at `path`. Throws for files that cannot be read at all.
    public static func verify(path: String) throws -> Report {
        try verify(try ReplayReader.read(path: path))
    }

    /// The world a replay starts from: its own map text and seed, under the same rules version.
    public static func initialWorld(of replay: Replay) throws -> World {
        let header = replay.header
        guard header.rulesVersion == Rules.version else {
            throw ReplayError(
                "the replay was recorded under rules version \(header.rulesVersion); this build plays version \(Rules.version)")
        }
        do {
            let map = try MapLoader.parse(text: header.mapText, file: "\(header.mapName) (inside the replay)")
            return World(map: map, seed: header.seed)
        } catch {
            throw ReplayError("the map inside the replay does not load: \(error)")
        }
    }

    /// The world after `frame` frames of the replay (its last readable frame at most).
    public static func world(of replay: Replay, at frame: Int32) throws -> World {
        var world = try initialWorld(of: replay)
        var cursor = replay.cursor()
        let end = min(frame, replay.endFrame)
        while world.frame < end && world.result == nil { world.step(cursor.input(at: world.frame)) }
        return world
    }

    public static func verify(_ replay: Replay) throws -> Report {
        let header = replay.header
        var world = try initialWorld(of: replay)
        var report = Report(
            world: world, players: header.players.map(\.kind), hashesChecked: 0, mismatch: nil, resultMatches: nil,
            damage: replay.damage, takeOverFrame: nil)
        var cursor = replay.cursor()
        var next = 0
        let hashes = replay.hashes
        // A match taken over from another replay says the world's hash where it began.
        let takeOver = replay.notes.lazy.compactMap { TakeOver.parseNote($0.text) }.first
        report.takeOverFrame = takeOver?.frame
        func check(_ world: World) -> Bool {
            if let takeOver, takeOver.frame == world.frame {
                report.hashesChecked += 1
                let actual = world.stateHash
                if actual != takeOver.hash {
                    report.mismatch = (takeOver.frame, takeOver.hash, actual)
                    return false
                }
            }
            while next < hashes.count && hashes[next].frame <= world.frame {
                let record = hashes[next]
                next += 1
                guard record.frame == world.frame else { continue }
                let actual = world.stateHash
                report.hashesChecked += 1
                if actual != record.hash {
                    report.mismatch = (record.frame, record.hash, actual)
                    return false
                }
            }
            return true
        }
        guard check(world) else {
            report.world = world
            return report
        }
        while world.frame < replay.endFrame && world.result == nil {
            world.step(cursor.input(at: world.frame))
            guard check(world) else { break }
        }
        // A forfeit or a lost connection happened where the record says: no input says so.
        if report.mismatch == nil { world.settle(recorded: replay.result) }
        report.world = world
        if report.mismatch == nil, let recorded = replay.result, replay.damage == nil {
            report.resultMatches =
                world.result == recorded && (replay.finalHash == nil || replay.finalHash == world.stateHash)
        }
        return report
    }
}
