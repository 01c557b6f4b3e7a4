import Foundation
import FoglineOrders
import Testing

@testable import FoglineSim

/// The player corpus: phrases written the way players type them in a fight, one file
/// per family in `PlayerCorpus/*.txt`, partly on a map the resolver has never seen
/// (`Maps/millbrook.toml`). Unlike `CorpusTests`, a miss here is counted rather than
/// failed one by one: the resolver must understand at least 95% of the phrases, and
/// must refuse every line of `refusals.txt`. Every miss is printed, as a worklist, with
/// `FOGLINE_CORPUS_MISSES=1` in the environment.
@Suite("Player phrase corpus")
struct PlayerCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let requiredShare = 0.95

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(
            at: root.appendingPathComponent("PlayerCorpus"), includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
    }

    static func cases() throws -> [CorpusCase] {
        try files().flatMap { try CorpusCase.load($0) }
    }

    /// What one phrase came out as.
    struct Outcome {
        var c: CorpusCase
        /// Understood: exactly the expected orders and squads, or refused as a refusal must be.
        var passed: Bool
        /// For a refusal that was refused: whether the error holds the expected fragment.
        var wordedAsExpected: Bool
        var got: String
    }

    static func run(_ all: [CorpusCase]) throws -> [Outcome] {
        var maps: [String: GameMap] = [:]
        let resolver = OfflineResolver()
        var out: [Outcome] = []
        for c in all {
            let map = try maps[c.map] ?? MapLoader.load(path: CorpusCase.mapPath(c.map))
            maps[c.map] = map
            let got = resolver.resolve(c.text, in: c.context(on: map))
            let set = got.orderSet
            var described = set.orders.map(CorpusCase.describe)
            described += got.squads.map { "squad \($0.name) \($0.units.map(String.init).joined(separator: ","))" }
            if let error = set.error { described.append("!! \(error)") }
            let text = described.isEmpty ? "(nothing)" : described.joined(separator: " | ")
            if let fragment = c.errorFragment {
                let refused = got.isError && set.orders.isEmpty
                let worded = refused && (set.error ?? "").lowercased().contains(fragment.lowercased())
                out.append(Outcome(c: c, passed: refused, wordedAsExpected: worded, got: text))
            } else {
                let ok = !got.isError && set.orders == c.expected && got.squads == c.expectedSquads
                out.append(Outcome(c: c, passed: ok, wordedAsExpected: true, got: text))
            }
        }
        return out
    }

    static func expectedText(_ c: CorpusCase) -> String {
        if let fragment = c.errorFragment { return "!! \(fragment)" }
        var parts = c.expected.map(CorpusCase.describe)
        parts += c.expectedSquads.map { "squad \($0.name) \($0.units.map(String.init).joined(separator: ","))" }
        return parts.joined(separator: " | ")
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }

    static func percent(_ a: Int, _ b: Int) -> String {
        b == 0 ? "-" : String(format: "%.1f%%", 100 * Double(a) / Double(b))
    }

    @Test("the resolver understands the player corpus and refuses what it must")
    func understood() throws {
        let outcomes = try Self.run(Self.cases())
        #expect(!outcomes.isEmpty)

        // The table: one row per family, then the total over the phrases to understand.
        var families: [String] = []
        for o in outcomes where !families.contains(o.c.family) { families.append(o.c.family) }
        families.sort { ($0 == "refusals" ? 1 : 0, $0) < ($1 == "refusals" ? 1 : 0, $1) }
        var table = "\nPlayer corpus, offline resolver\n"
        table += Self.pad("family", 18) + Self.pad("understood", 12) + "share\n"
        for f in families {
            let rows = outcomes.filter { $0.c.family == f }
            let good = rows.filter(\.passed).count
            table += Self.pad(f.isEmpty ? "(none)" : f, 18) + Self.pad("\(good)/\(rows.count)", 12) + Self.percent(good, rows.count)
            if f == "refusals" {
                let worded = rows.filter(\.wordedAsExpected).count
                table += "  (worded as expected: \(worded)/\(rows.count))"
            }
            table += "\n"
        }
        let accepted = outcomes.filter { $0.c.errorFragment == nil }
        let understood = accepted.filter(\.passed).count
        table += Self.pad("all but refusals", 18) + Self.pad("\(understood)/\(accepted.count)", 12)
            + Self.percent(understood, accepted.count) + "\n"
        print(table)

        // The worklist: every miss, with what came out.
        let misses = outcomes.filter { !$0.passed || !$0.wordedAsExpected }
        if !misses.isEmpty && ProcessInfo.processInfo.environment["FOGLINE_CORPUS_MISSES"] != nil {
            var list = "Player corpus misses (\(misses.count)):\n"
            for o in misses {
                let tag = o.passed ? "refused, other words" : "MISS"
                list += "[\(o.c.family)] \(o.c.location) (\(o.c.map), player \(o.c.player)) \(tag)\n"
                list += "    \"\(o.c.text)\"\n"
                list += "    expected \(Self.expectedText(o.c))\n"
                list += "    got      \(o.got)\n"
            }
            print(list)
        }

        for o in outcomes where o.c.errorFragment != nil && !o.passed {
            Issue.record("\(o.c.location): \"\(o.c.text)\" must be refused, got \(o.got)")
        }
        let share = accepted.isEmpty ? 0 : Double(understood) / Double(accepted.count)
        #expect(
            share >= Self.requiredShare,
            "understood \(understood) of \(accepted.count) phrases (\(Self.percent(understood, accepted.count))); need \(Int(Self.requiredShare * 100))%"
        )
    }

    @Test("the player corpus is large, on two maps, for both players, with refusals")
    func coverage() throws {
        let all = try Self.cases()
        let accepted = all.filter { $0.errorFragment == nil }
        let refused = all.filter { $0.errorFragment != nil }
        #expect(accepted.count >= 200, "\(accepted.count) phrases to understand")
        #expect(refused.count >= 50, "\(refused.count) phrases to refuse")
        #expect(Set(all.map(\.map)).count >= 2, "maps: \(Set(all.map(\.map)).sorted())")
        #expect(Set(all.map(\.player)) == [1, 2])
        #expect(all.allSatisfy { !$0.family.isEmpty }, "every file names its @family")
        #expect(refused.allSatisfy { $0.family == "refusals" }, "refusals live in refusals.txt")
        #expect(accepted.allSatisfy { !$0.expected.isEmpty || !$0.expectedSquads.isEmpty }, "every phrase has an answer")
        #expect(all.contains { $0.map == "millbrook" }, "the unseen map is used")
        for url in try Self.files() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let first = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(first?.hasPrefix("@family ") == true, "\(url.lastPathComponent) starts with @family")
        }
    }

    @Test("the unseen test map loads and stays out of the shipped maps")
    func unseenMap() throws {
        let path = Self.root.appendingPathComponent("Maps/millbrook.toml").path
        let map = try MapLoader.load(path: path)
        #expect(map.nodes.count >= 5 && map.nodes.count <= 7)
        #expect(!FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("../../maps/millbrook.toml").path))
    }
}
