import Foundation
import FoglineReplay
import FoglineSim
import Testing

/// `fogline replay --dump json`, `--list`, and how the command meets damaged, newer and
/// missing replays.
@Suite("fogline replay from the command line")
struct ReplayCommandTests {
    /// Bots on a duel with a 30-point limit: a short match that ends with a result.
    static var finished: (path: String, bytes: [UInt8]) { get async throws { try await finishedRecording.value } }
    private static let finishedRecording = Task {
        try await record("finished.fogrep", ["--map", try FoglineBinary.shortDuel(), "--seed", "5", "--frames", "20000"])
    }

    /// 600 frames of seed 11 on duel: no result.
    static var unfinished: (path: String, bytes: [UInt8]) { get async throws { try await unfinishedRecording.value } }
    private static let unfinishedRecording = Task {
        try await record("unfinished.fogrep", ["--seed", "11", "--frames", "600"])
    }

    /// Plays a bot match to a replay and reads it back; throws if that fails, so every
    /// test that needs it fails with the reason instead of working on empty bytes.
    static func record(_ name: String, _ args: [String]) async throws -> (path: String, bytes: [UInt8]) {
        let path = PlayVerifyTests.scratchFile(name)
        let play = try await FoglineBinary.run(["play", "--headless", "--p1", "bot", "--p2", "bot", "--record", path] + args)
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        guard play.status == 0, bytes.count > 64 else {
            throw TestFailure(message: "recording \(name) failed (exit \(play.status), \(bytes.count) bytes): \(play.stderr)")
        }
        return (path, bytes)
    }

    func write(_ bytes: [UInt8], _ name: String, in folder: String? = nil) throws -> String {
        let path = folder.map { $0 + "/" + name } ?? PlayVerifyTests.scratchFile(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A fresh XDG_DATA_HOME and the replay folder inside it (created when asked).
    func replayHome(_ prefix: String, create: Bool = true) throws -> (home: String, folder: String) {
        let home = PlayVerifyTests.scratchFile("\(prefix)-\(UUID().uuidString.prefix(8))")
        let folder = home + "/fogline/replays"
        if create { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        return (home, folder)
    }

    /// Each line of the output as a JSON object.
    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not an object: \(line)")
        }
    }

    @Test("--dump json: a line for the replay, then its frames, commands, orders and hashes, as recorded")
    func dump() async throws {
        let source = try await Self.unfinished
        let replay = try ReplayReader.read(path: source.path)
        let out = try await FoglineBinary.run(["replay", source.path, "--dump", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = try objects(out.stdout)
        let head = try #require(lines.first)
        #expect(head["type"] as? String == "replay")
        #expect(head["map"] as? String == "Duel" && head["seed"] as? Int == 11)
        #expect(head["end_frame"] as? Int == 600 && head["result"] is NSNull && head["damage"] is NSNull)
        #expect((head["players"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["bot:normal", "bot:normal"])
        let frames = lines.filter { $0["type"] as? String == "frame" }
        #expect(frames.map { $0["frame"] as? Int } == replay.inputs.map { Int($0.frame) })
        for (line, record) in zip(frames, replay.inputs) {
            let commands = try #require(line["commands"] as? [[String: Any]])
            let expected = [1, 2].flatMap { p in record.input[player: p].map { (p, $0) } }
            #expect(commands.map { $0["player"] as? Int } == expected.map(\.0))
            #expect(commands.map { $0["text"] as? String } == expected.map(\.1.text))
            let actions = commands.map { ($0["orders"] as? [[String: Any]])?.map { $0["action"] as? String } }
            #expect(actions == expected.map { $0.1.orders.map { $0.action.rawValue } })
        }
        let hashes = lines.filter { $0["type"] as? String == "hash" }
        #expect(hashes.map { $0["hash"] as? String } == replay.hashes.map(\.hash.hex16))
        // In frame order, and nothing but these three types.
        let order = lines.dropFirst().map { $0["frame"] as? Int ?? -1 }
        #expect(order == order.sorted())
        #expect(lines.count == 1 + frames.count + hashes.count)
        // At one frame the hash (of the world before its input) comes first.
        let keyed = lines.dropFirst().map { ($0["frame"] as? Int ?? -1, $0["type"] as? String ?? "") }
        for (a, b) in zip(keyed, keyed.dropFirst()) where a.0 == b.0 {
            #expect(a.1 == "hash" && b.1 == "frame", "\(a) then \(b)")
        }
        // The last frame is end_frame, as the viewer numbers it; its hash is printed, inside the range.
        #expect(head["to"] as? Int == 600 && hashes.last?["frame"] as? Int == 600)
    }

    @Test("--dump json: quotes, backslashes, controls, accents, emoji and U+2028 survive; every line is JSON")
    func dumpEscapes() async throws {
        let header = try ReplayReader.read(path: try await Self.unfinished.path).header
        let path = PlayVerifyTests.scratchFile("escapes-\(UUID().uuidString.prefix(6)).fogrep")
        let command = "say \"hi\" \\ back é 🎯 \u{2028} end"
        let note = "note \"q\" \\ \u{01} \u{7F} é 🎯 \u{2028} \u{85} end"
        let writer = try ReplayWriter(path: path, header: header, syncOnFinish: false)
        for frame in Int32(0)..<30 {
            let input = frame == 10 ? FrameInput(player1: [PlayerCommand(text: command, orders: [])]) : .empty
            try writer.record(frame: frame, input: input)
        }
        try writer.writeNote(note)
        try writer.close()

        let out = try await FoglineBinary.run(["replay", path, "--dump", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        // Nothing a line reader or a terminal would take for a line break or a control.
        #expect(!out.stdout.unicodeScalars.contains { $0.value == 0x2028 || (0x7F...0x9F).contains($0.value) })
        let raw = out.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(raw.count == out.stdout.components(separatedBy: .newlines).count - 1)
        let lines = try objects(out.stdout)
        #expect(lines.count == raw.count && lines.count == 3)
        let commands = lines.compactMap { $0["commands"] as? [[String: Any]] }.flatMap { $0 }
        #expect(commands.map { $0["text"] as? String } == [command])
        #expect(lines.compactMap { $0["text"] as? String } == [note])
    }

    @Test("--from and --to keep a range, given as frames or times; the result shows in the first line")
    func dumpRange() async throws {
        let out = try await FoglineBinary.run(["replay", try await Self.finished.path, "--dump", "json", "--from", "100", "--to", "0:10"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = try objects(out.stdout)
        #expect(lines[0]["from"] as? Int == 100 && lines[0]["to"] as? Int == 300)
        let result = try #require(lines[0]["result"] as? [String: Any])
        #expect(result["reason"] as? String == "score")
        #expect(lines.count > 3)
        #expect(lines.dropFirst().allSatisfy { (100...300).contains($0["frame"] as? Int ?? -1) })
        let bad = try await FoglineBinary.run(["replay", try await Self.finished.path, "--dump", "json", "--from", "soon"])
        #expect(bad.status != 0 && bad.stderr.contains("--from"))
    }

    @Test("--list: date, map, players, length and result of each replay; damaged and unreadable ones say so")
    func list() async throws {
        let (home, folder) = try replayHome("list", create: false)
        let empty = try await FoglineBinary.run(["replay", "--list"], environment: ["XDG_DATA_HOME": home])
        #expect(empty.status == 0 && empty.stdout.contains("no replays in \(folder)"))

        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try write(try await Self.finished.bytes, "a-finished.fogrep", in: folder)
        _ = try write(try await Self.unfinished.bytes, "b-unfinished.fogrep", in: folder)
        _ = try write(Array(try await Self.unfinished.bytes.dropLast(40)), "c-cut.fogrep", in: folder)
        var newer = try await Self.unfinished.bytes
        newer[8] = 2
        _ = try write(newer, "d-newer.fogrep", in: folder)
        _ = try write(Array("not a replay".utf8), "e-junk.fogrep", in: folder)
        _ = try write(Array("notes".utf8), "f-notes.txt", in: folder)
        let out = try await FoglineBinary.run(["replay", "--list"], environment: ["XDG_DATA_HOME": home])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = out.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 6, "a header and five replays: \(out.stdout)")
        #expect(rows[0].hasPrefix("DATE") && rows[0].contains("PLAYERS") && rows[0].contains("RESULT"))
        func row(_ file: String) -> String { rows.first { $0.contains(file) } ?? "" }
        let finished = try ReplayReader.read(path: try await Self.finished.path)
        let result = try #require(finished.result)
        #expect(row("a-finished").contains("by score \(result.scores[0]):\(result.scores[1])"))
        #expect(row("a-finished").contains("bot:normal vs bot:normal") && row("a-finished").contains("Duel"))
        #expect(row("a-finished").contains(Self.clock(finished.endFrame)))
        #expect(row("b-unfinished").contains("00:20") && row("b-unfinished").hasSuffix("unfinished"))
        // Numbered as the viewer numbers frames: up to end_frame.
        let cut = try ReplayReader.read(bytes: Array(try await Self.unfinished.bytes.dropLast(40)))
        #expect(row("c-cut").contains("damaged (readable to frame \(cut.endFrame):"), "\(row("c-cut"))")
        #expect(row("d-newer").contains("newer Fogline"))
        #expect(row("e-junk").contains("unreadable: not a Fogline replay"))
        // The date as the replay recorded it, to the minute.
        let created = try ReplayReader.read(path: try await Self.unfinished.path).header.createdAt
        #expect(row("b-unfinished").hasPrefix(created.prefix(10) + " " + created.dropFirst(11).prefix(5)))
    }

    @Test("--list: a replay folder that cannot be read is an error, not \"no replays\"")
    func unreadableFolder() async throws {
        let (home, folder) = try replayHome("bad", create: false)
        try FileManager.default.createDirectory(atPath: home + "/fogline", withIntermediateDirectories: true)
        // A file where the folder should be.
        _ = try write(Array("x".utf8), "replays", in: home + "/fogline")
        let out = try await FoglineBinary.run(["replay", "--list"], environment: ["XDG_DATA_HOME": home])
        #expect(out.status == 1 && out.stdout.isEmpty)
        #expect(out.stderr.contains("cannot read \(folder): Not a directory"), "\(out.stderr)")
        // A folder without permission (root reads it anyway).
        if getuid() != 0 {
            try FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0)
            defer { chmod(folder, 0o755) }
            let denied = try await FoglineBinary.run(["replay", "--list"], environment: ["XDG_DATA_HOME": home])
            #expect(denied.status == 1 && denied.stderr.contains("cannot read \(folder): Permission denied"), "\(denied.stderr)")
        }
    }

    @Test("a named pipe called *.fogrep is refused at once, listed and opened alike")
    func namedPipe() async throws {
        let (home, folder) = try replayHome("fifo")
        _ = try write(try await Self.unfinished.bytes, "a-good.fogrep", in: folder)
        let pipe = folder + "/b-pipe.fogrep"
        #expect(mkfifo(pipe, 0o644) == 0)
        let list = try await FoglineBinary.run(["replay", "--list"], environment: ["XDG_DATA_HOME": home], timeout: .seconds(20))
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 3 && rows.contains { $0.contains("a-good.fogrep") && $0.contains("unfinished") })
        #expect(rows.first { $0.contains("b-pipe.fogrep") }?.contains("unreadable: \(pipe) is not a regular file (a named pipe)") == true,
                "\(list.stdout)")
        let dump = try await FoglineBinary.run(["replay", pipe, "--dump", "json"], timeout: .seconds(20))
        #expect(dump.status == 1 && dump.stderr.contains("is not a regular file"), "\(dump.stderr)")
    }

    static func clock(_ frame: Int32) -> String {
        let s = Int(frame) / 30
        return String(format: "%02d:%02d", s / 60, s % 60)
    }

    @Test("a damaged replay dumps up to its last good chunk and says so; the viewer wants a terminal")
    func damaged() async throws {
        // The last chunk or two cut short.
        let path = try write(Array(try await Self.unfinished.bytes.dropLast(40)), "damaged.fogrep")
        let out = try await FoglineBinary.run(["replay", path, "--dump", "json"])
        #expect(out.status == 0)
        #expect(out.stderr.contains("damaged: chunk"), "\(out.stderr)")
        let head = try #require(try objects(out.stdout).first)
        let damage = try #require(head["damage"] as? [String: Any])
        #expect((damage["last_good_frame"] as? Int ?? 0) > 500)
        #expect(head["end_frame"] as? Int == (damage["last_good_frame"] as? Int).map { $0 + 1 })
        let viewer = try await FoglineBinary.run(["replay", path])
        #expect(viewer.status == 1 && viewer.stderr.contains("needs a terminal"), "\(viewer.stderr)")
    }

    @Test("a replay of a newer format version is refused with a message that says what to do")
    func newerVersion() async throws {
        var bytes = try await Self.unfinished.bytes
        bytes[8] = 3
        let path = try write(bytes, "newer.fogrep")
        for args in [["replay", path], ["replay", path, "--dump", "json"]] {
            let out = try await FoglineBinary.run(args)
            #expect(out.status == 1)
            #expect(out.stdout.isEmpty)
            #expect(out.stderr.contains("recorded by a newer Fogline (replay format version 3; this build reads version 1)"), "\(out.stderr)")
            #expect(out.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test("a file name is looked for in the replay folder; a missing file or no file is a clear error")
    func naming() async throws {
        let (home, folder) = try replayHome("name")
        _ = try write(try await Self.unfinished.bytes, "kept.fogrep", in: folder)
        for name in ["kept", "kept.fogrep"] {
            let out = try await FoglineBinary.run(["replay", name, "--dump", "json"], environment: ["XDG_DATA_HOME": home])
            #expect(out.status == 0 && out.stdout.hasPrefix("{\"type\": \"replay\""), "\(name): \(out.stderr)")
        }
        let missing = try await FoglineBinary.run(["replay", "/nonexistent/none.fogrep", "--dump", "json"])
        #expect(missing.status == 1 && missing.stderr.contains("cannot open"), "\(missing.stderr)")
        let none = try await FoglineBinary.run(["replay"])
        #expect(none.status != 0 && none.stderr.contains("--list"))
        let both = try await FoglineBinary.run(["replay", "--list", "x.fogrep"])
        #expect(both.status != 0)
    }
}
