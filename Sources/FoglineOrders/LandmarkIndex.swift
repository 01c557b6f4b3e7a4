import FoglineSim

/// Finds the map's named places in a player's words: exact names, unique partial
/// names ("mill" for "old mill"), small typos, node letters, "our base", and names
/// written at another word boundary than the map's ("hazelfarm", "black wood", "the gate").
struct LandmarkIndex {
    struct Entry {
        var name: String
        /// The name's words without a leading "the".
        var words: [String]
    }

    enum Match {
        /// `acrossWords`: read at another word boundary than the map writes the name,
        /// which the notes say ("hazelfarm" for Hazel Farm, "the gate" for Northgate).
        case found(name: String, length: Int, acrossWords: Bool = false)
        case ambiguous(words: String, candidates: [String], length: Int)
        case none
    }

    let entries: [Entry]
    let ownBase: String?
    let enemyBase: String?
    /// Node names by lower-case letter.
    let nodeLetters: [String: String]

    init(context: ResolverContext) {
        entries = context.map.landmarks.map { mark in
            var words = Self.words(of: mark.name)
            if words.first == "the" && words.count > 1 { words.removeFirst() }
            return Entry(name: mark.name, words: words)
        }
        ownBase = context.ownBase?.name
        enemyBase = context.enemyBase?.name
        var letters: [String: String] = [:]
        for node in context.map.nodes { letters[String(node.letter).lowercased()] = node.name }
        nodeLetters = letters
    }

    /// A name's lower-case words: letters, digits and apostrophes. Built for every line
    /// read, so an ASCII name is split by bytes, without Unicode tables.
    static func words(of name: String) -> [String] {
        let lower = name.lowercased()
        guard lower.utf8.allSatisfy({ $0 < 0x80 }) else {
            return lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" }).map(String.init)
        }
        return lower.utf8.split(whereSeparator: { !($0 >= 97 && $0 <= 122 || $0 >= 48 && $0 <= 57 || $0 == 39) })
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// All the words landmark names use, for suggestions.
    var vocabulary: [String] { entries.flatMap(\.words) }

    /// Tries to read a place at `tokens[start...]`, longest first.
    func match(_ tokens: [Token], at start: Int) -> Match {
        var words: [String] = []
        var i = start
        while i < tokens.count, let w = tokens[i].word, words.count < 5 {
            words.append(w)
            i += 1
        }
        // "node c", "point c", "objective c".
        if words.count >= 2, ["node", "point", "objective", "flag"].contains(words[0]), let name = nodeLetters[words[1]] {
            return .found(name: name, length: 2)
        }
        var skip = 0
        if words.first == "the" {
            skip = 1
        }
        guard words.count > skip else { return .none }
        // Base phrases first: they are not names on the map.
        for phrase in Lexicon.enemyBaseWords {
            if let n = prefixLength(phrase, words), let enemyBase { return .found(name: enemyBase, length: n) }
        }
        for phrase in Lexicon.ownBaseWords {
            if let n = prefixLength(phrase, words), let ownBase, exactEntry(words, skip: skip) == nil {
                return .found(name: ownBase, length: n)
            }
        }
        for length in stride(from: words.count - skip, through: 1, by: -1) {
            let span = Array(words[skip..<(skip + length)])
            if let exact = entries.first(where: { $0.words == span }) {
                return .found(name: exact.name, length: skip + length)
            }
            // Typos in a full name: every word within tolerance, same word count.
            let typo = entries.filter { $0.words.count == span.count && zip($0.words, span).allSatisfy(Self.close) }
            if typo.count == 1 { return .found(name: typo[0].name, length: skip + length) }
            // A name written at another word boundary: "mill pond" for the millpond,
            // "hazelfarm" for Hazel Farm, "north west bridge". An exact joining beats one
            // with a typo ("westwoods" is west woods, not east woods two letters off).
            if !span.contains(where: Lexicon.filler.contains) {
                let joined = span.joined()
                let rejoined = entries.filter { $0.words.count != span.count }
                var together = rejoined.filter { $0.words.joined() == joined }
                // A typo as well only in words apart ("gray wood"): one word a letter or two off a
                // joined name is too often a word of its own ("eastward" is not east farm).
                if together.isEmpty && span.count > 1 { together = rejoined.filter { Self.close($0.words.joined(), joined) } }
                if together.count == 1 { return .found(name: together[0].name, length: skip + length, acrossWords: true) }
            }
            // A unique part of a name, not made only of direction words ("north" alone is a direction).
            if span.allSatisfy({ Lexicon.compassWords[$0] != nil || Lexicon.filler.contains($0) }) { continue }
            // Exact words first: "bridge" is not taken for a typo of "ridge" when a name has it whole.
            let exactPart = entries.filter { entry in span.allSatisfy { entry.words.contains($0) } }
            if let found = partialMatch(exactPart, span, length: skip + length) { return found }
            // Part of a one-word name ("the gate" for "Northgate"): a word of four letters or
            // more that begins or ends a name's word, in one name only.
            if span.count == 1, span[0].count >= 4 {
                let w = span[0]
                let within = entries.filter { entry in
                    entry.words.contains { $0.count > w.count && ($0.hasSuffix(w) || $0.hasPrefix(w)) }
                }
                if within.count == 1 { return .found(name: within[0].name, length: skip + length, acrossWords: true) }
                if within.count > 1 {
                    return .ambiguous(words: w, candidates: within.map(\.name), length: skip + length)
                }
            }
            let partial = entries.filter { entry in span.allSatisfy { w in entry.words.contains { Self.close($0, w) } } }
            if let found = partialMatch(partial, span, length: skip + length) { return found }
        }
        // A bare node letter, unless it is also an English word or a compass abbreviation.
        let letter = words[skip]
        if letter.count == 1, !["a", "i", "n", "s", "e", "w"].contains(letter), let name = nodeLetters[letter] {
            return .found(name: name, length: skip + 1)
        }
        // "capture A": the article cannot end a clause, so there it is the node.
        if letter == "a" || letter == "i", let name = nodeLetters[letter] {
            let next = tokens.at(start + skip + 1)
            if next == nil || next?.word == nil || ["then", "and", "with", "facing", "now", "please"].contains(next?.word ?? "") {
                return .found(name: name, length: skip + 1)
            }
        }
        return .none
    }

    /// One name is found, several are ambiguous, none is no match.
    private func partialMatch(_ candidates: [Entry], _ span: [String], length: Int) -> Match? {
        if candidates.count == 1 { return .found(name: candidates[0].name, length: length) }
        if candidates.count > 1 {
            return .ambiguous(words: span.joined(separator: " "), candidates: candidates.map(\.name), length: length)
        }
        return nil
    }

    private func exactEntry(_ words: [String], skip: Int) -> Entry? {
        entries.first { words.count >= skip + $0.words.count && Array(words[skip..<(skip + $0.words.count)]) == $0.words }
    }

    private func prefixLength(_ phrase: [String], _ words: [String]) -> Int? {
        words.count >= phrase.count && Array(words[0..<phrase.count]) == phrase ? phrase.count : nil
    }

    static func close(_ a: String, _ b: String) -> Bool {
        a == b || (a.count > 3 && EditDistance.between(a, b, limit: 2) <= EditDistance.tolerance(for: a))
    }
}
