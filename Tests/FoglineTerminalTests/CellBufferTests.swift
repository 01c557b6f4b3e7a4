import Testing

@testable import FoglineTerminal

@Suite("Cell buffer")
struct CellBufferTests {
    @Test("nothing changed gives no runs")
    func noChange() {
        var a = CellBuffer(width: 20, height: 5)
        a.put(string: "hello", at: 2, 1, style: .fg(.accent))
        let b = a
        #expect(b.diff(from: a).isEmpty)
    }

    @Test("no previous frame or a new size repaints every row")
    func fullRepaint() {
        let a = CellBuffer(width: 7, height: 3)
        #expect(a.diff(from: nil) == [CellRun(x: 0, y: 0, count: 7), CellRun(x: 0, y: 1, count: 7), CellRun(x: 0, y: 2, count: 7)])
        #expect(a.diff(from: CellBuffer(width: 8, height: 3)).count == 3)
    }

    @Test("changes come back as runs per row, style changes included")
    func runs() {
        let a = CellBuffer(width: 20, height: 3)
        var b = a
        b.put(string: "abc", at: 2, 0, style: .plain)
        b.put(string: "x", at: 10, 0, style: .plain)
        b.restyle(Rect(x: 5, y: 2, width: 2, height: 1)) { $0.attributes = .bold }
        #expect(b.diff(from: a) == [CellRun(x: 2, y: 0, count: 3), CellRun(x: 10, y: 0, count: 1), CellRun(x: 5, y: 2, count: 2)])
        #expect(CellBuffer.cellCount(of: b.diff(from: a)) == 6)
    }

    @Test("put clips to the buffer and to a clip rectangle")
    func clipping() {
        var b = CellBuffer(width: 10, height: 2)
        let end = b.put(string: "abcdefghijkl", at: 6, 0, style: .plain)
        #expect(end == 10)
        #expect(b[9, 0].character == "d")
        b.put(string: "12345", at: -2, 1, style: .plain)
        #expect(b[0, 1].character == "3")
        b.put(string: "zzzz", at: 0, 1, style: .plain, clip: Rect(x: 1, y: 1, width: 2, height: 1))
        #expect(b[0, 1].character == "3" && b[1, 1].character == "z" && b[2, 1].character == "z" && b[3, 1].character == " ")
        b.put(string: "never", at: 0, 5, style: .plain)
        b.put(string: "never", at: 0, -1, style: .plain)
        #expect(b.cells.filter { $0.character == "n" }.isEmpty)
    }

    @Test("control characters never reach the screen")
    func controls() {
        var b = CellBuffer(width: 6, height: 1)
        b.put(string: "a\u{1B}[2Jb", at: 0, 0, style: .plain)
        #expect(b.cells.allSatisfy { $0.character != "\u{1B}" })
        #expect(b[0, 0].character == "a" && b[1, 0].character == "?")
    }

    @Test("wide characters take two cells; a cut one becomes a space")
    func wide() {
        var b = CellBuffer(width: 5, height: 1)
        b.put(string: "a漢b", at: 0, 0, style: .plain)
        #expect(b[1, 0].character == "漢" && b[2, 0].isContinuation && b[3, 0].character == "b")
        b.put(string: "x", at: 2, 0, style: .plain)
        #expect(b[1, 0].character == " " && !b[2, 0].isContinuation)
        var edge = CellBuffer(width: 3, height: 1)
        edge.put(string: "ab漢", at: 0, 0, style: .plain)
        #expect(edge[2, 0].character == " ")
        // A run that starts on the right half reaches back to the left half.
        var c = CellBuffer(width: 4, height: 1)
        c.put(string: "漢", at: 1, 0, style: .plain)
        var d = c
        d.restyle(Rect(x: 2, y: 0, width: 1, height: 1)) { $0.attributes = .bold }
        #expect(d.diff(from: c) == [CellRun(x: 1, y: 0, count: 2)])
    }

    @Test("fill, regions and rect helpers")
    func fillAndRegions() {
        var b = CellBuffer(width: 8, height: 4)
        b.fill(Rect(x: 6, y: 2, width: 5, height: 5), with: "#", style: .plain)
        #expect(b.cells.filter { $0.character == "#" }.count == 4)
        b.withRegion(Rect(x: 2, y: 1, width: 3, height: 2)) { region in
            region.put(string: "abcdef", at: 0, 0, style: .plain)
            region.set("z", at: 1, 1, style: .plain)
            region.set("q", at: 5, 1, style: .plain)
        }
        #expect(b[2, 1].character == "a" && b[4, 1].character == "c" && b[5, 1].character == " ")
        #expect(b[3, 2].character == "z")
        #expect(!b.cells.contains { $0.character == "q" })
        #expect(Rect(x: 0, y: 0, width: 10, height: 10).centered(width: 4, height: 2) == Rect(x: 3, y: 4, width: 4, height: 2))
        #expect(Rect(x: 0, y: 0, width: 4, height: 4).intersection(Rect(x: 5, y: 5, width: 2, height: 2)).isEmpty)
    }

    @Test("character widths")
    func widths() {
        #expect(CharacterWidth.of("a") == 1)
        #expect(CharacterWidth.of("·") == 1)
        #expect(CharacterWidth.of("漢") == 2)
        #expect(CharacterWidth.of("😀") == 2)
        #expect(CharacterWidth.of("\u{7}") == 0)
        #expect(CharacterWidth.of("e\u{301}") == 1)
        for glyphs in [GlyphSet.unicode, GlyphSet.ascii] {
            let all: [Character] = [glyphs.open, glyphs.rock, glyphs.water, glyphs.forest, glyphs.road, glyphs.bridge,
                                    glyphs.base, glyphs.mine, glyphs.hit, glyphs.death, glyphs.blast, glyphs.barFull,
                                    glyphs.barEmpty, glyphs.progress] + glyphs.facing + glyphs.tracer + glyphs.spinner
            #expect(all.allSatisfy { CharacterWidth.of($0) == 1 })
        }
    }

    @Test("text wraps at spaces and truncates with an ellipsis")
    func textLayout() {
        #expect(TextLayout.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("one two three", width: 9, indent: 2) == ["one two", "  three"])
        #expect(TextLayout.wrap("", width: 5) == [""])
        #expect(TextLayout.truncate("hold the ridge", to: 8) == "hold th…")
        #expect(TextLayout.truncate("hold", to: 8) == "hold")
        #expect(TextLayout.truncate("hold the ridge", to: 8, ellipsis: "...") == "hold ...")
    }
}

@Suite("Text layout")
struct TextLayoutTests {
    @Test("paths are cut from the left")
    func left() {
        #expect(TextLayout.truncateLeft("/a/b/replay.fogrep", to: 12) == "…play.fogrep")
        #expect(TextLayout.truncateLeft("short", to: 12) == "short")
        #expect(TextLayout.truncateLeft("/a/b/c/d", to: 5, ellipsis: "...") == ".../d")
    }
}
