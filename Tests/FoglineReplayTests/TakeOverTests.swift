import Foundation
import FoglineBot
import FoglineMatch
import FoglineReplay
import FoglineSim
import Testing

/// A new match taken over from a recorded one at a frame.
@Suite("Taking over a recorded match")
struct TakeOverTests {
    @Test("REPLAY@FRAME and REPLAY@mm:ss name a frame; anything else is part of the file name")
    func specs() {
        let cases: [(String, String, Int32?)] = [
            ("a.fogrep", "a.fogrep", nil), ("a.fogrep@900", "a.fogrep", 900), ("a.fogrep@0", "a.fogrep", 0),
            ("a.fogrep@1:05", "a.fogrep", 1_950), ("a.fogrep@12:00", "a.fogrep", 21_600),
            ("me@home/a.fogrep", "me@home/a.fogrep", nil), ("a.fogrep@1:5", "a.fogrep@1:5", nil),
            ("a.fogrep@1:60", "a.fogrep@1:60", nil), ("a.fogrep@-3", "a.fogrep@-3", nil), ("a.fogrep@", "a.fogrep@", nil),
            ("me@home/a.fogrep@30", "me@home/a.fogrep", 30),
        ]
        for (spec, path, frame) in cases {
            let parsed = TakeOver.parse(spec)
            #expect(parsed.path == path && parsed.frame == frame, "\(spec) gave \(parsed)")
        }
    }

    /// Bots on duel for `frames`, recorded to a temporary file.
    static func recordSource(frames: Int32) throws -> String {
        let map = try MapLoader.parse(text: BotReplays.duelText, file: "duel.toml")
        var match = LocalMatch(
            map: map, seed: 5, player1: .bot(Bot(player: 1, level: .normal, seed: 5)),
            player2: .bot(Bot(player: 2, level: .normal, seed: 6)))
        let path = temporaryReplayPath("take-over-source-\(UUID().uuidString.prefix(6))")
        try match.runRecorded(to: path, untilFrame: frames)
        return path
    }

    @Test("the new match starts from the recorded world at the frame, and its replay verifies on its own")
    func startsWhereAsked() throws {
        let source = try Self.recordSource(frames: 600)
        defer { removeTemporary(source) }
        let recorded = try ReplayReader.read(path: source)
        let expected = try ReplayVerifier.world(of: recorded, at: 437).stateHash

        let takeOver = try TakeOver(source: source, frame: 437)
        let path = temporaryReplayPath("take-over-new-\(UUID().uuidString.prefix(6))")
        defer { removeTemporary(path) }
        var (match, recorder, hash) = try takeOver.start(
            player1: .bot(Bot(player: 1, level: .easy, seed: 9)), player2: .bot(Bot(player: 2, level: .normal, seed: 9)),
            recordTo: path, players: [ReplayPlayer(name: "a", kind: "bot:easy"), ReplayPlayer(name: "b", kind: "bot:normal")])
        #expect(hash == expected)
        #expect(match.world.frame == 437 && match.world.stateHash == expected)
        try match.run(untilFrame: 900)
        try recorder?.finish(world: match.world)

        let report = try ReplayVerifier.verify(path: path)
        #expect(report.isValid, "\(String(describing: report.mismatch))")
        #expect(report.takeOverFrame == 437)
        #expect(report.world.frame == 900 && report.world.stateHash == match.world.stateHash)
        // The frames before the take-over are the recorded match's own.
        let again = try ReplayReader.read(path: path)
        var ours = again.cursor(), theirs = recorded.cursor()
        for frame: Int32 in 0..<437 {
            #expect(ours.input(at: frame) == theirs.input(at: frame), "frame \(frame)")
        }
    }

    @Test("a take-over note whose hash is not the world's at that frame fails the verify there")
    func wrongHashIsCaught() throws {
        let source = try Self.recordSource(frames: 300)
        defer { removeTemporary(source) }
        let recorded = try ReplayReader.read(path: source)
        let path = temporaryReplayPath("take-over-forged-\(UUID().uuidString.prefix(6))")
        defer { removeTemporary(path) }
        var world = try ReplayVerifier.initialWorld(of: recorded)
        let recorder = try MatchRecorder(path: path, world: world, players: recorded.header.players)
        var cursor = recorded.cursor()
        while world.frame < 300 {
            let input = cursor.input(at: world.frame)
            let frame = world.frame
            world.step(input)
            try recorder.frameRan(frame, input: input, world: world)
            if world.frame == 200 { try recorder.note("\(TakeOver.notePrefix)200: hash 0123456789abcdef, from elsewhere") }
        }
        try recorder.finish(world: world)
        let report = try ReplayVerifier.verify(path: path)
        #expect(report.takeOverFrame == 200)
        #expect(report.mismatch?.frame == 200 && report.mismatch?.recorded == 0x0123_4567_89ab_cdef)
        #expect(!report.isValid)
    }

    @Test("a frame past the end of the replay is refused, naming the frames it holds")
    func pastTheEnd() throws {
        let source = try Self.recordSource(frames: 120)
        defer { removeTemporary(source) }
        #expect(throws: ReplayError.self) { try TakeOver(source: source, frame: 121) }
        let whole = try TakeOver(source: source, frame: nil)
        #expect(whole.frame == 120)
    }
}
