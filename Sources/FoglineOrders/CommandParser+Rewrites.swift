import FoglineSim

/// How players type in a fight, brought to the grammar before it is read: lead-in words
/// ("ok so uh"), orders given through someone ("tell the engineers to mine the mill"),
/// verbs in a chain ("go capture"), "a-move", and misspelled order words. Each rewrite
/// that changes what the words literally say is noted for the log.
extension CommandParser {
    /// Words a player starts a line with that carry nothing ("ok so uh scouts go north").
    static let leadIns: Set<String> = [
        "ok", "okay", "k", "so", "uh", "uhh", "um", "umm", "er", "erm", "hmm", "alright", "allright", "well",
        "hey", "yo", "now", "quick", "guys", "oh", "and", "then", "also", "next", "please", "pls", "plz",
    ]
    /// Sounds that carry nothing anywhere in a line.
    static let hesitations: Set<String> = ["uh", "uhh", "um", "umm", "er", "erm", "hmm"]
    /// Verbs that pass an order on to someone: "have unit 4 hold the gap".
    static let relayVerbs: Set<String> = ["have", "tell", "order", "make", "get", "ask", "command", "instruct", "let"]
    /// Verbs that begin a chain with another verb: "go capture", "come hold", "go and take".
    static let chainVerbs: Set<String> = ["go", "come", "run", "hurry", "head", "move"]
    /// Lead-ins that are also order words ("right" is east, "like" a verb): taken as lead-ins
    /// only before another lead-in or a unit reference ("right so everyone...", "like scouts...").
    static let guardedLeadIns: Set<String> = ["right", "like", "yeah"]
    /// Verbs that say when or how hard, not what: "keep patrolling", "start mining",
    /// "try and capture". Before another verb they carry nothing.
    static let aspectVerbs: Set<String> = ["keep", "start", "begin", "try", "continue", "carry"]

    /// The line's tokens with the rewrites done; `notes` gets what the log should say.
    mutating func rewrite(_ input: [Token]) -> [Token] {
        var tokens = input.filter { !($0.word.map(Self.hesitations.contains) ?? false) }
        // "a-move", "amove": attack-move ("a" alone is an article); before typos, or "amove" is "move".
        var k = 0
        while k < tokens.count {
            if tokens[k].word == "a", tokens.at(k + 1)?.isMark("-") == true, tokens.at(k + 2)?.word == "move" {
                tokens.replaceSubrange(k...(k + 2), with: [Self.word("attack"), Self.word("move")])
            } else if tokens[k].word == "amove" {
                tokens.replaceSubrange(k...k, with: [Self.word("attack"), Self.word("move")])
            }
            k += 1
        }
        tokens = correctTypos(Self.splitHyphens(tokens))
        var out: [Token] = []
        var clauseStart = true
        k = 0
        while k < tokens.count {
            let t = tokens[k]
            if t.isMark(",") || t.isMark(";") || t.isMark(".") || t.word == "then" {
                clauseStart = true
                out.append(t)
                k += 1
                continue
            }
            guard let w = t.word else {
                clauseStart = false
                out.append(t)
                k += 1
                continue
            }
            // Lead-ins only at the start of a clause, and only with something after them.
            if clauseStart, Self.leadIns.contains(w), k + 1 < tokens.count {
                k += 1
                continue
            }
            if clauseStart, Self.guardedLeadIns.contains(w),
                tokens.at(k + 1)?.word.map(Self.leadIns.contains) == true || startsSubject(in: tokens, at: k + 1)
            {
                k += 1
                continue
            }
            // "keep going", "start mining", "try and capture": the next verb is the order.
            if Self.aspectVerbs.contains(w), let next = verbFollowing(in: tokens, at: k + 1) {
                k = next
                continue
            }
            // "send the medics to the quarry": the units move there (or do what follows "to").
            // After "and" too: "call 5 6 eyes and send eyes to the watchtower".
            let opensClause = clauseStart || out.last?.word == "and"
            if opensClause, w == "send" || w == "sending" {
                sentLine = true
                k += 1
                continue
            }
            if opensClause, Self.relayVerbs.contains(w), startsSubject(in: tokens, at: k + 1) {
                k += 1
                continue
            }
            // "go capture", "come and hold", "move to take": the second verb is the order.
            // A second move verb is the order too: "go take a look at", "tanks go scout the gap".
            if Self.chainVerbs.contains(w), let next = verbFollowing(in: tokens, at: k + 1) {
                k = next
                clauseStart = false
                continue
            }
            clauseStart = false
            out.append(t)
            k += 1
        }
        return out
    }

    /// Misspelled order words (actions, kinds of unit, number words) read as the one word
    /// they are close to, when exactly one is, and said in the notes: "read "gaurd" as "guard"".
    /// Places are left to the place index, which has its own tolerance.
    mutating func correctTypos(_ tokens: [Token]) -> [Token] {
        let vocabulary = Self.orderVocabulary
        var places = Set(landmarks.vocabulary)
        places.formUnion(context.squads.keys)
        return tokens.indices.map { k in
            let t = tokens[k]
            guard let w = t.word, !vocabulary.contains(w), !places.contains(w), !Self.knownWords.contains(w) else { return t }
            // Too short to correct, except to a number word where a number is expected:
            // "sniper siz", "units one and tow".
            if w.count == 3 {
                guard expectsNumber(tokens, at: k) else { return t }
                let near = Lexicon.numberWords.keys.filter { $0.count == 3 && EditDistance.between(w, $0, limit: 1) == 1 }
                return near.count == 1 ? corrected(t, as: near[0]) : t
            }
            guard w.count >= 4 else { return t }
            if let stem = Self.verbStem(w) { return Token(kind: .word(stem), text: t.text) }
            let limit = EditDistance.tolerance(for: w)
            // A word close to a place is the place index's to read, and so is a word of a
            // name written at another boundary ("cold water" is not "hold water"). Not a
            // name's order word: "wset" is "west", which the index still reads in "west ridge".
            if places.contains(where: { !vocabulary.contains($0) && EditDistance.between(w, $0, limit: limit) <= limit }) {
                return t
            }
            var best: [String] = []
            var bestDistance = limit + 1
            let lengths = (w.count - limit)...(w.count + limit)
            for candidate in lengths.flatMap({ Self.orderVocabularyByLength[$0] ?? [] }) {
                let d = EditDistance.between(w, candidate, limit: limit)
                if d < bestDistance {
                    best = [candidate]
                    bestDistance = d
                } else if d == bestDistance {
                    best.append(candidate)
                }
            }
            // Letters all there but scrambled ("sctous"): the one order word they spell.
            if bestDistance > limit, w.count >= 5 {
                let letters = w.sorted()
                let spelled = (Self.orderVocabularyByLength[w.count] ?? []).filter { $0.first == w.first && $0.sorted() == letters }
                return spelled.count == 1 && !readsAsPlace(tokens, at: k) ? corrected(t, as: spelled.first!) : t
            }
            // Of equally close words, one that completes a phrase with the word before wins
            // ("lay mins": "mines"); then one of the same length ("tansk": "tanks", a swap,
            // before "tank", a letter fewer); otherwise it is not guessed.
            if best.count > 1, let previous = tokens.at(k - 1)?.word {
                let completing = best.filter { w in
                    Lexicon.actionPhrases.contains { $0.0.count > 1 && $0.0[0] == previous && $0.0[1] == w }
                }
                if completing.count == 1 { best = completing }
            }
            if best.count > 1 {
                let sameLength = best.filter { $0.count == w.count }
                if sameLength.count == 1 { best = sameLength }
            }
            // Asked last, as it reads places around the word: only for a word about to change.
            guard bestDistance <= limit, best.count == 1, !readsAsPlace(tokens, at: k) else { return t }
            return corrected(t, as: best[0])
        }
    }

    /// The token read as `word`, said in the notes.
    mutating func corrected(_ t: Token, as word: String) -> Token {
        notes.append("read \"\(t.text)\" as \"\(word)\"")
        return Token(kind: .word(word), text: t.text)
    }

    /// Whether a unit number is expected at `k`: after a kind of unit or "unit"
    /// ("sniper six"), or after "and" or a comma that follows a number ("one and two").
    func expectsNumber(_ tokens: [Token], at k: Int) -> Bool {
        guard let previous = tokens.at(k - 1) else { return false }
        if let w = previous.word, Lexicon.archetypeWords[w] != nil || Lexicon.unitWords.contains(w) { return true }
        guard previous.word == "and" || previous.isMark(","), let before = tokens.at(k - 2) else { return false }
        return before.number != nil || before.word.flatMap { Lexicon.numberWords[$0] } != nil
    }

    /// Where the verb after a chain or aspect verb starts, over "and", "to" or "on"
    /// ("go and take", "keep on patrolling"); nil when no verb follows.
    func verbFollowing(in tokens: [Token], at k: Int) -> Int? {
        var next = k
        if let w = tokens.at(next)?.word, ["and", "to", "on"].contains(w) { next += 1 }
        guard next < tokens.count, action(in: tokens, at: next) != nil || tokens[next].word.map(Self.aspectVerbs.contains) == true
        else { return nil }
        return next
    }

    /// "mining", "going", "capturing", "patrolling": the verb the -ing form is of, when it
    /// begins an order phrase. Not a change of meaning, so not noted.
    static func verbStem(_ w: String) -> String? {
        guard w.count >= 5, w.hasSuffix("ing") else { return nil }
        let stem = String(w.dropLast(3))
        var candidates = [stem, stem + "e"]
        if let last = stem.last, stem.dropLast().last == last { candidates.append(String(stem.dropLast())) }
        return candidates.first(where: verbStarts.contains)
    }

    /// The first words of the order phrases.
    static let verbStarts = Set(Lexicon.actionPhrases.compactMap(\.0.first))

    /// Whether the token at `k` is part of a place name the index reads starting at or just before it.
    func readsAsPlace(_ tokens: [Token], at k: Int) -> Bool {
        for start in max(0, k - 2)...k {
            if case .found(_, let length, _) = landmarks.match(tokens, at: start), start + length > k { return true }
        }
        return false
    }

    /// "north-gate", "watch-tower", "attack-move", "booby-trap": the words either side of
    /// a hyphen are two words (the place index rejoins names the map writes as one).
    /// A hyphen between numbers stays: "3-4" is a range.
    static func splitHyphens(_ tokens: [Token]) -> [Token] {
        tokens.indices.compactMap { k in
            let t = tokens[k]
            if t.isMark("-"), tokens.at(k - 1)?.word != nil, tokens.at(k + 1)?.word != nil { return nil }
            return t
        }
    }

    /// The one-word order vocabulary typos are corrected to.
    static let orderVocabulary: Set<String> = {
        var words = Set(Lexicon.actionPhrases.flatMap(\.0).filter { $0.count >= 4 })
        words.formUnion(["unit", "units"])
        words.formUnion(Lexicon.archetypeWords.keys)
        words.formUnion(Lexicon.numberWords.keys)
        words.formUnion(["everyone", "everybody", "except", "then", "north", "south", "east", "west", "enemy", "nearest"])
        return words
    }()

    /// The same by length: a typo is only compared with words near its own length.
    static let orderVocabularyByLength = Dictionary(grouping: orderVocabulary.sorted(), by: \.count)

    /// Every other word the grammar knows, never taken for a typo.
    static let knownWords: Set<String> = {
        var words = Lexicon.filler.union(Lexicon.everyone).union(Lexicon.selectionWords).union(Lexicon.exceptWords)
            .union(Lexicon.unitWords).union(Lexicon.enemyWords).union(Lexicon.nearestWords).union(Lexicon.facingWords)
            .union(Lexicon.forwardWords).union(Lexicon.backWords).union(Lexicon.squadDefiners)
            .union(Lexicon.compassWords.keys).union(leadIns).union(relayVerbs).union(chainVerbs)
            .union(guardedLeadIns).union(aspectVerbs)
        for phrase in Lexicon.actionPhrases { words.formUnion(phrase.0) }
        for phrase in Lexicon.ownBaseWords + Lexicon.enemyBaseWords { words.formUnion(phrase) }
        words.formUnion(["send", "sending", "between", "node", "nodes", "squad", "unit", "and", "with", "via", "through"])
        return words
    }()

    /// Whether a unit reference starts at `k` (after articles): the subject of a passed-on order.
    func startsSubject(in tokens: [Token], at k: Int) -> Bool {
        var probe = self
        probe.tokens = tokens
        probe.i = k
        while let w = probe.tokens.at(probe.i)?.word, ["the", "my", "our", "your"].contains(w) { probe.i += 1 }
        // "and have them hold": a pronoun means the units of the clause before, which are
        // only known once the line is read (or the selection, or an error saying so).
        if let w = probe.tokens.at(probe.i)?.word, Self.backReferences.contains(w) { return true }
        return (try? probe.parseSubject()) != nil
    }

    /// The action a verb phrase at `k` stands for.
    func action(in tokens: [Token], at k: Int) -> OrderAction? {
        var probe = self
        probe.tokens = tokens
        probe.i = k
        return probe.peekAction()?.0
    }

    static func word(_ w: String) -> Token { Token(kind: .word(w), text: w) }
}

extension CommandParser {
    /// Words between "nearest" and "node" that keep only nodes not this player's.
    static let notOursWords: Set<String> = ["neutral", "free", "open", "empty", "unowned", "uncaptured", "enemy", "their"]
    static let nodeWords: Set<String> = ["node", "nodes", "point", "points", "objective", "objectives", "flag", "flags"]

    /// "the nearest node", "the closest node we don't hold", "the nearest neutral point":
    /// the capture node nearest the clause's units (or the selection, or every unit alive).
    /// Two nodes equally near is an error that names both.
    mutating func parseNearestNode() throws -> String? {
        let start = i
        guard let w = tokens.at(i)?.word, ["nearest", "closest"].contains(w) else { return nil }
        i += 1
        var notOurs = false
        while let q = tokens.at(i)?.word, Self.notOursWords.contains(q) {
            notOurs = true
            i += 1
        }
        guard let n = tokens.at(i)?.word, Self.nodeWords.contains(n) else {
            i = start
            return nil
        }
        i += 1
        // "we don't hold", "we do not have", "that isn't ours", "not ours".
        let rest = (i..<min(i + 4, tokens.count)).compactMap { tokens[$0].word }
        for tail in [["we", "don't", "hold"], ["we", "dont", "hold"], ["we", "do", "not", "hold"], ["we", "don't", "have"],
            ["we", "dont", "have"], ["we", "don't", "own"], ["that", "isn't", "ours"], ["not", "ours"], ["not", "yet", "ours"]]
        where rest.starts(with: tail) {
            notOurs = true
            i += tail.count
            break
        }
        let units = (targetSubject ?? (context.selection.isEmpty ? Array(1...context.roster.count) : context.selection))
            .filter { $0 >= 1 && $0 <= context.cells.count && context.alive[$0 - 1] }
        guard let (x, y) = middle(of: units) else {
            throw Failure(message: "nearest to whom? no unit of those is alive", dependsOnState: true)
        }
        let candidates = context.map.nodes.indices.filter {
            !notOurs || $0 >= context.nodeOwners.count || context.nodeOwners[$0] != context.player
        }
        func distance(_ k: Int) -> Int {
            let dx = Int(context.map.nodes[k].cell.x) - x, dy = Int(context.map.nodes[k].cell.y) - y
            return dx * dx + dy * dy
        }
        guard let best = candidates.min(by: { distance($0) < distance($1) }) else {
            throw Failure(message: "every node is yours already", dependsOnState: true)
        }
        let tied = candidates.filter { distance($0) == distance(best) }
        if tied.count > 1 {
            let names = tied.map { context.map.nodes[$0].name }
            throw Failure(message: "the nearest node could be \(Self.list(names, or: true)); say which", suggestions: names)
        }
        return context.map.nodes[best].name
    }
}

extension CommandParser {
    /// Verbs whose order depends on what they are said of: "scouts clear out" retreat but
    /// "clear out the mill" attack-moves; "cover the ford" holds it but
    /// "cover tank 3" follows; "charge the mill" attack-moves but "charge enemy 4" attacks;
    /// "guard medic 7" follows; "rush enemy 4" attacks; "watch the bridge" holds facing it,
    /// "face the bridge" turns to it. The notes say how such a verb was read.
    mutating func readVerbByObject(_ c: inout Clause) {
        if c.target == nil, c.facing == nil, let read = Lexicon.withoutObject[c.verb], c.action != read {
            c.action = read
            notes.append("read \"\(c.verb)\" as \(read.rawValue), as nothing follows it")
            return
        }
        guard let action = c.action, let target = c.target else { return }
        let place: Bool
        switch target {
        case .landmark, .point: place = true
        default: place = false
        }
        var read: OrderAction?
        switch (action, target) {
        case (.follow, _) where place: read = .hold
        // "attack the base" stays an attack on the place, as it always read.
        case (.attack, _) where place && c.verb != "attack": read = .attackMove
        case (.attack, .direction) where c.verb != "attack": read = .attackMove
        case (.hold, .unit): read = .follow
        case (.move, .enemy): read = .attack
        case (.face, _) where place:
            // Facing a place: the direction to it from the units, holding there for "watch".
            guard let d = direction(to: target, from: c.subject) else { return }
            c.target = nil
            c.facing = d
            if c.verb == "watch" {
                c.action = .hold
                notes.append("read \"\(c.verb)\" as hold facing \(d.rawValue)")
            } else {
                c.target = .direction(d)
                c.facing = nil
            }
            return
        default: return
        }
        guard let read, read != action else { return }
        c.action = read
        notes.append("read \"\(c.verb)\" as \(read == .attackMove ? "attack-move" : read.rawValue), for what it was said of")
    }

    /// The compass direction from the units' middle to a place.
    func direction(to target: OrderTarget, from subject: [Int]?) -> CompassDirection? {
        let cell: Cell
        switch target {
        case .landmark(let name):
            guard let mark = context.map.landmarks.first(where: { $0.name == name }) else { return nil }
            cell = mark.cell
        case .point(let x, let y): cell = Cell(x: x, y: y)
        default: return nil
        }
        guard let (x, y) = middle(of: subject ?? context.selection) else { return nil }
        return CompassDirection.nearest(dx: Int32(Int(cell.x) - x), dy: Int32(Int(cell.y) - y))
    }

    /// The average cell of these own units (numbers outside 1...10 left out), if any.
    func middle(of units: [Int]) -> (x: Int, y: Int)? {
        let known = units.filter { $0 >= 1 && $0 <= context.cells.count }
        guard !known.isEmpty else { return nil }
        return (
            known.reduce(0) { $0 + Int(context.cells[$1 - 1].x) } / known.count,
            known.reduce(0) { $0 + Int(context.cells[$1 - 1].y) } / known.count
        )
    }
}

extension CommandParser {
    /// Whether a target named before can be what "it" or "there" means for `action`: a
    /// unit for following and healing, a place for the rest, an enemy for attacking.
    static func fits(_ target: OrderTarget, _ action: OrderAction) -> Bool {
        switch target {
        case .unit: return action == .follow || action == .heal
        case .enemy, .nearestEnemy: return action == .attack || action == .follow
        case .landmark, .point: return ![.follow, .heal, .attack, .face, .stop, .retreat].contains(action)
        case .direction: return false
        }
    }
}

extension CommandParser {
    /// "medics heal the tanks": each medic of `order` heals one of `group`, the most hurt
    /// (by share of health) first and lower numbers on a tie; more medics than patients go
    /// round again. One patient alive: every medic heals it. "heal each other" (the group
    /// is the medics): each heals the most hurt of the others. The notes say who heals whom.
    mutating func pairHealers(_ order: Order, _ group: [Int]) -> [Order] {
        let eachOther = group == order.units
        let patients = group.filter {
            $0 >= 1 && $0 <= context.alive.count && context.alive[$0 - 1] && (eachOther || !order.units.contains($0))
        }
        func share(_ n: Int) -> Int {
            let most = Int(context.roster[n - 1].stats.maxHealth)
            return n <= context.health.count ? Int(context.health[n - 1]) * 1000 / max(1, most) : 1000
        }
        let ranked = patients.sorted { (share($0), $0) < (share($1), $1) }
        guard ranked.count > 1 else {
            var one = order
            one.target = .unit(ranked.first ?? group[0])
            return [one]
        }
        var out: [Order] = []
        var said: [String] = []
        for (k, medic) in order.units.enumerated() {
            guard let patient = eachOther ? ranked.first(where: { $0 != medic }) : ranked[k % ranked.count] else { continue }
            var each = order
            each.units = [medic]
            each.target = .unit(patient)
            out.append(each)
            said.append("\(medic) heals \(context.roster[patient - 1].rawValue) \(patient)")
        }
        notes.append("shared out: " + said.joined(separator: ", ") + " (the most hurt first)")
        return out
    }
}
