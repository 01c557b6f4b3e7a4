import Testing

@testable import FoglineSim
@testable import FoglineTerminal

@Suite("Prompt editing, history and completion")
struct PromptStateTests {
    @Test("insert, move and delete")
    func editing() {
        var p = PromptState()
        p.insert("hold ridge")
        #expect(p.text == "hold ridge" && p.cursor == 10)
        p.moveWordLeft()
        #expect(p.cursor == 5)
        p.insert("the ")
        #expect(p.text == "hold the ridge")
        p.moveHome()
        p.insert("5 ")
        #expect(p.text == "5 hold the ridge" && p.cursor == 2)
        p.deleteBack()
        p.deleteBack()
        p.deleteBack()
        #expect(p.text == "hold the ridge" && p.cursor == 0)
        p.deleteForward()
        #expect(p.text == "old the ridge")
        p.moveEnd()
        p.moveLeft()
        p.moveRight()
        p.moveRight()
        #expect(p.cursor == 13)
        p.moveWordLeft()
        p.moveWordRight()
        #expect(p.cursor == 13)
    }

    @Test("ctrl-w deletes the word before the cursor, ctrl-u the line, ctrl-k the rest")
    func killing() {
        var p = PromptState()
        p.insert("5,6 hold the ridge  ")
        p.deleteWordBack()
        #expect(p.text == "5,6 hold the ")
        p.deleteWordBack()
        #expect(p.text == "5,6 hold ")
        p.moveHome()
        p.moveWordRight()
        p.killToEnd()
        #expect(p.text == "5,6")
        p.killLine()
        #expect(p.text.isEmpty && p.cursor == 0)
        p.deleteWordBack()
        p.deleteBack()
        p.deleteForward()
        #expect(p.text.isEmpty)
    }

    @Test("control characters are not typed; the line is bounded")
    func bounds() {
        var p = PromptState()
        p.insert("a\u{1B}b\tc")
        #expect(p.text == "abc")
        p.insert(String(repeating: "x", count: 1000))
        #expect(p.characters.count == PromptState.maxLength)
    }

    @Test("history goes back and forth and keeps the draft")
    func history() {
        var p = PromptState()
        p.insert("1 move north")
        #expect(p.submit() == "1 move north")
        p.insert("  ")
        #expect(p.submit() == nil)
        p.insert("2 hold")
        _ = p.submit()
        p.insert("2 hold")
        _ = p.submit()
        #expect(p.history == ["1 move north", "2 hold"])
        p.insert("3 cap")
        p.historyPrevious()
        #expect(p.text == "2 hold")
        p.historyPrevious()
        #expect(p.text == "1 move north")
        p.historyPrevious()
        #expect(p.text == "1 move north")
        p.historyNext()
        #expect(p.text == "2 hold")
        p.historyNext()
        #expect(p.text == "3 cap" && p.historyIndex == nil)
        p.historyNext()
        #expect(p.text == "3 cap")
        // Editing a recalled line makes it the new draft.
        p.historyPrevious()
        p.insert("!")
        #expect(p.historyIndex == nil)
        p.historyPrevious()
        p.historyNext()
        #expect(p.text == "2 hold!")
    }

    @Test("history keeps at most its limit")
    func historyLimit() {
        var p = PromptState()
        for k in 0..<(PromptState.historyLimit + 5) {
            p.insert("order \(k)")
            _ = p.submit()
        }
        #expect(p.history.count == PromptState.historyLimit)
        #expect(p.history.first == "order 5")
    }

    @Test("completion of landmark names, several words at once, cycling")
    func completion() throws {
        let vocabulary = PromptState.vocabulary(map: try Repository.map("duel"), squads: ["alpha"])
        var p = PromptState()
        p.insert("5,6 hold north r")
        let pChanged = p.complete(from: vocabulary)
        #expect(pChanged)
        #expect(p.text == "5,6 hold north ridge " && p.completion == nil)

        var q = PromptState()
        q.insert("1 move to the ")
        let qChanged = q.complete(from: vocabulary)
        #expect(!qChanged)
        q.insert("q")
        q.complete(from: vocabulary)
        #expect(q.text == "1 move to the quarry ")

        var r = PromptState()
        r.insert("2 go to west ")
        r.deleteBack()
        r.insert(" r")
        r.complete(from: vocabulary)
        #expect(r.text == "2 go to west ridge ")

        // Several candidates: each tab shows the next, wrapping; shift-tab goes back.
        var s = PromptState()
        s.insert("3 capture s")
        s.complete(from: vocabulary)
        let cycle = try #require(s.completion)
        #expect(cycle.candidates.first == "south ridge")
        #expect(cycle.candidates.contains("scouts") && cycle.candidates.contains("snipers"))
        #expect(s.text == "3 capture south ridge")
        s.complete(from: vocabulary)
        #expect(s.text == "3 capture \(cycle.candidates[1])")
        s.complete(from: vocabulary, backwards: true)
        #expect(s.text == "3 capture south ridge")
        s.complete(from: vocabulary, backwards: true)
        #expect(s.text == "3 capture \(cycle.candidates.last!)")
        // Any edit ends the cycle.
        s.insert(" ")
        #expect(s.completion == nil)
    }

    @Test("completion of squad names and archetypes; nothing after a space")
    func completionWords() throws {
        let vocabulary = PromptState.vocabulary(map: try Repository.map("duel"), squads: ["alpha", "bravo"])
        var p = PromptState()
        p.insert("al")
        p.complete(from: vocabulary)
        #expect(p.text == "alpha ")
        var q = PromptState()
        q.insert("ENG")
        q.complete(from: vocabulary)
        #expect(q.completion?.candidates == ["engineers", "engineer"])
        var r = PromptState()
        r.insert("5 hold ")
        let rChanged = r.complete(from: vocabulary)
        #expect(!rChanged)
        var s = PromptState()
        s.insert("xyzzy")
        let sChanged = s.complete(from: vocabulary)
        #expect(!sChanged)
        #expect(s.text == "xyzzy")
    }

    @Test("completion in the middle of a line keeps the rest")
    func completionMiddle() throws {
        let vocabulary = PromptState.vocabulary(map: try Repository.map("duel"))
        var p = PromptState()
        p.insert("5 hold quar facing north")
        for _ in 0..<13 { p.moveLeft() }
        p.complete(from: vocabulary)
        #expect(p.text == "5 hold quarry facing north")
    }
}
