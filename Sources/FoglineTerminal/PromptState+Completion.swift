import FoglineSim

/// Tab completion: landmark names, squad names, archetype and order words.
extension PromptState {
    /// Completes the word (or words) before the cursor from `vocabulary`, or steps to the
    /// next candidate (`backwards`: the previous one) when the last action was a completion.
    ///
    /// Matching ignores case and may span several words, so "north r" completes to
    /// "north ridge". Candidates keep the vocabulary's order. A single candidate is
    /// taken with a space after it and ends the cycle. Returns whether anything changed.
    @discardableResult
    public mutating func complete(from vocabulary: [String], backwards: Bool = false) -> Bool {
        if var cycle = completion {
            let n = cycle.candidates.count
            cycle.index = (cycle.index + (backwards ? n - 1 : 1)) % n
            replace(from: cycle.start, with: cycle.candidates[cycle.index], cycle: cycle)
            return true
        }
        guard let (start, candidates) = PromptState.candidates(for: Array(characters[0..<cursor]), in: vocabulary)
        else { return false }
        if candidates.count == 1 {
            // A space after it, unless one follows already.
            let spaced = cursor < characters.count && characters[cursor] == " "
            replace(from: start, with: candidates[0] + (spaced ? "" : " "), cycle: nil)
            return true
        }
        let index = backwards ? candidates.count - 1 : 0
        replace(from: start, with: candidates[index], cycle: CompletionCycle(start: start, candidates: candidates, index: index))
        return true
    }

    /// Replaces `characters[start..<cursor]` with `text`, cursor after it.
    private mutating func replace(from start: Int, with text: String, cycle: CompletionCycle?) {
        var chars = characters
        chars.replaceSubrange(start..<cursor, with: Array(text))
        setCompletion(cycle, characters: chars, cursor: start + text.count)
    }

    /// The span to replace and the phrases that could complete it, longest context first.
    static func candidates(for before: [Character], in vocabulary: [String]) -> (Int, [String])? {
        guard let last = before.last, last != " " else { return nil }
        // Word starts before the cursor, nearest first.
        var starts: [Int] = []
        var i = before.count
        while i > 0 {
            while i > 0, before[i - 1] != " " { i -= 1 }
            starts.append(i)
            while i > 0, before[i - 1] == " " { i -= 1 }
            if starts.count >= 5 { break }
        }
        // The earliest start that some phrase continues wins: "north r" before "r".
        for start in starts.reversed() {
            let span = String(before[start...]).lowercased()
            var seen = Set<String>()
            let found = vocabulary.filter { phrase in
                let lower = phrase.lowercased()
                return lower.hasPrefix(span) && lower != span && seen.insert(lower).inserted
            }
            if !found.isEmpty { return (start, found) }
        }
        return nil
    }

    /// The words worth completing on a map: squad names, landmark names (also without a
    /// leading "the"), archetype words, order verbs and directions, in that order.
    public static func vocabulary(map: GameMap, squads: [String] = []) -> [String] {
        var words = squads.sorted()
        for mark in map.landmarks {
            words.append(mark.name)
            let lower = mark.name.lowercased()
            if lower.hasPrefix("the ") { words.append(String(mark.name.dropFirst(4))) }
        }
        for type in Archetype.allCases {
            words.append(type.rawValue + "s")
            words.append(type.rawValue)
        }
        words += [
            "attack", "capture", "face", "facing", "follow", "heal", "hold", "mine", "move", "patrol", "retreat",
            "stop", "then", "everyone",
        ]
        words += CompassDirection.allCases.map(\.rawValue)
        var seen = Set<String>()
        return words.filter { seen.insert($0.lowercased()).inserted }
    }
}
