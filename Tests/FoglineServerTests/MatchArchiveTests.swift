import FoglineReplay
import FoglineSim
import Foundation
import Testing

@testable import FoglineServer

/// The archive's queue, with SQLite and replay files on disk: frames handed over in many
/// small batches while the archive is busy come out as one replay each, in order, and a
/// code that a new match reuses never takes the old match's frames.
@Suite("The match archive's queue")
struct MatchArchiveTests {
    static let duelText = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("maps/duel.toml"), encoding: .utf8)

    /// A frame with a command at every 40th frame, so the replay shows where each input landed.
    static func input(_ frame: Int, match: Int) -> FrameInput {
        guard frame % 40 == 7 else { return .empty }
        let order = Order(units: [1 + match % 2], action: .move, target: .direction(.north))
        return FrameInput(player1: [PlayerCommand(text: "m\(match) f\(frame)", orders: [order])])
    }

    @Test("frames queued behind a busy archive are gathered per match, and a reused code starts clean")
    func queuedFramesStayWithTheirMatch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fogline-archive-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteMatchStore(path: "\(directory)/matches.sqlite")
        let archive = MatchArchive(directory: directory, store: store)
        let start = MatchArchiveStart(seed: 3, mapName: "duel", mapText: Self.duelText, players: ["ada", "bo"])

        // Two matches in turn under one code, each handed over three frames at a time,
        // all submitted before the archive can have done much.
        let lengths = [600, 450]
        for (match, length) in lengths.enumerated() {
            archive.submit(.open(code: "KX7-4QF", start: start))
            for first in stride(from: 0, to: length, by: 3) {
                let frames = (first..<min(length, first + 3)).map { Self.input($0, match: match) }
                archive.submit(.frames(code: "KX7-4QF", EncodedFrames(frames)))
            }
            archive.submit(.close(code: "KX7-4QF", how: .asPlayed))
        }
        archive.stop()
        #expect(archive.backlog == 0)
        #expect(archive.takeFailures().isEmpty)

        let paths = ["\(directory)/KX7-4QF.fogrep", "\(directory)/KX7-4QF-2.fogrep"]
        for (match, path) in paths.enumerated() {
            let replay = try ReplayReader.read(path: path)
            #expect(replay.endFrame == Int32(lengths[match]), "\(path)")
            let texts = replay.inputs.flatMap { $0.input.commands[0].map(\.text) }
            let expected = stride(from: 7, to: lengths[match], by: 40).map { "m\(match) f\($0)" }
            #expect(texts == expected, "\(path)")
            #expect(replay.inputs.allSatisfy { $0.frame % 40 == 7 })
        }
    }

    @Test("encoded frames come back as they went in, and join in order")
    func encodedFrames() throws {
        let first = (0..<50).map { Self.input($0, match: 0) }
        let second = (50..<90).map { Self.input($0, match: 1) }
        var joined = EncodedFrames(first)
        joined.append(EncodedFrames(second))
        var back: [FrameInput] = []
        try joined.forEachFrame {
            back.append($0)
            return true
        }
        #expect(joined.count == 90 && back == first + second)
        // Mostly empty frames cost a byte or two each.
        #expect(joined.byteCount < 90 * 2 + 2 * 40)
        var some = 0
        try joined.forEachFrame { _ in
            some += 1
            return some < 10
        }
        #expect(some == 10)
    }
}
