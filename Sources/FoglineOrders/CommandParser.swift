import FoglineSim

/// Reads one command line into clauses, then orders. Never guesses: anything it
/// cannot place is an error with suggestions.
struct CommandParser {
    struct Failure: Error {
        var message: String
        var suggestions: [String] = []
        /// True when the words are fine but the game is not in that state now (an enemy
        /// out of sight, nothing selected): the same line may work on another frame.
        var dependsOnState = false
    }

    /// One "who does what" part of a line.
    struct Clause {
        var subject: [Int]?
        /// Whether the subject was "everyone"-like, so units that cannot do the action are left out.
        var broadSubject = false
        var subjectText = ""
        var action: OrderAction?
        var target: OrderTarget?
        var via: OrderTarget?
        var facing: CompassDirection?
        var queued = false
        var explicitSubject = false
        /// The verb as written ("cover", "watch"), for verbs read by their object.
        var verb = ""
        /// Several units to heal ("the tanks"): the medics share them out.
        var healGroup: [Int]?
    }

    /// The player's view; a squad named earlier in the same line is added to it.
    var context: ResolverContext
    let landmarks: LandmarkIndex
    var tokens: [Token] = []
    var i = 0
    /// What the log should say about how the line was read (a corrected typo).
    var notes: [String] = []
    /// The line began with "send": a clause with a place and no verb is a move there.
    var sentLine = false
    /// The units of the clause whose target is being read, for "the nearest node".
    var targetSubject: [Int]?
    /// Several units named to heal, until the clause takes them.
    var healGroup: [Int]?
    /// The last target named and the last subject, for "it", "there", "they".
    var lastTarget: OrderTarget?
    var lastSubject: [Int]?
    /// Reading the units a verb is said of ("heal 3 and 4"), where a unit followed by its
    /// own verb starts the next clause instead ("7 heal 3 and 8 heal 4").
    var readingObject = false

    init(context: ResolverContext) {
        self.context = context
        self.landmarks = LandmarkIndex(context: context)
    }

    // MARK: - Entry

    mutating func parse(_ text: String) -> Resolution {
        tokens = rewrite(Self.dropFillerPhrases(Token.tokenize(text)))
        i = 0
        guard tokens.contains(where: { $0.word != nil || $0.number != nil }) else {
            return .failure("say what to do, for example \"scouts move north\"", suggestions: exampleCommands)
        }
        do {
            let squad = try parseSquadDefinition()
            if let squad {
                // "call 5 6 eyes and send eyes to the watchtower": the rest of the line may use it.
                guard i < tokens.count else { return Resolution(orderSet: OrderSet(orders: []), squads: [squad], notes: notes) }
                context.squads[squad.name] = squad.units
            }
            var clauses = try parseClauses()
            if sentLine {
                for k in clauses.indices where clauses[k].action == nil && clauses[k].target != nil { clauses[k].action = .move }
            }
            for k in clauses.indices { readVerbByObject(&clauses[k]) }
            var orders: [Order] = []
            for clause in clauses {
                let order = try makeOrder(clause)
                if let group = clause.healGroup, order.action == .heal {
                    orders += pairHealers(order, group)
                } else {
                    orders.append(order)
                }
            }
            return Resolution(orderSet: OrderSet(orders: orders), squads: squad.map { [$0] } ?? [], notes: notes)
        } catch let f as Failure {
            var failed = Resolution.failure(f.message, suggestions: f.suggestions)
            failed.dependsOnState = f.dependsOnState
            return failed
        } catch {
            return .failure("\(error)")
        }
    }

    var exampleCommands: [String] {
        let place = context.map.nodes.first?.name ?? "the base"
        return ["scouts move north", "tanks capture \(place)", "snipers hold facing east"]
    }

    /// Removes multi-word politeness that would otherwise read as verbs ("go ahead and").
    static func dropFillerPhrases(_ tokens: [Token]) -> [Token] {
        let phrases: [[String]] = [
            ["go", "ahead", "and"], ["i", "want", "you", "to"], ["i", "need", "you", "to"], ["can", "you"],
            ["could", "you"], ["would", "you"], ["will", "you"], ["right", "now"], ["at", "once"],
            ["if", "you", "can"], ["as", "fast", "as", "you", "can"], ["i", "want"], ["make", "sure", "to"],
            ["try", "to"], ["be", "sure", "to"], ["i'd", "like"], ["i", "would", "like"],
        ]
        var out: [Token] = []
        var k = 0
        outer: while k < tokens.count {
            for p in phrases where k + p.count <= tokens.count {
                if (0..<p.count).allSatisfy({ tokens[k + $0].word == p[$0] }) {
                    k += p.count
                    continue outer
                }
            }
            out.append(tokens[k])
            k += 1
        }
        return out
    }

    // MARK: - Clauses

    mutating func parseClauses() throws -> [Clause] {
        var clauses: [Clause] = []
        var current = Clause()
        var queuedNext = false
        func finish(_ c: inout Clause) {
            if c.action == nil && c.target == nil && c.facing == nil {
                // Only a subject ("tanks... attack!"): it carries over to what follows.
                let carried = c
                c = Clause()
                if carried.subject != nil {
                    c.subject = carried.subject
                    c.broadSubject = carried.broadSubject
                    c.subjectText = carried.subjectText
                    c.explicitSubject = true
                }
                return
            }
            clauses.append(c)
            c = Clause()
        }
        while i < tokens.count {
            let t = tokens[i]
            // Hard separators end a clause; "then" also queues what follows.
            if t.isMark(";") || t.isMark(".") || t.isMark("!") || t.isMark("?") {
                i += 1
                finish(&current)
                continue
            }
            if t.word == "then" || t.word == "afterwards" || t.word == "after" && tokens.at(i + 1)?.word == "that" {
                i += t.word == "after" ? 2 : 1
                finish(&current)
                queuedNext = true
                continue
            }
            if t.word == "and" && tokens.at(i + 1)?.word == "then" {
                i += 1
                continue
            }
            // After a verb, "," / "and" followed by a new subject and verb, or a verb, starts a new clause.
            // Without a verb yet ("scouts capture B then G and tanks capture D"), only a new
            // subject with its verb starts one: "the tanks to the gap and hold" is one order.
            if current.action != nil || current.target != nil,
                t.isMark(",") || t.word == "and" || t.word == "while" || t.word == "also",
                startsClause(at: i + 1, withSubject: current.action == nil)
            {
                i += 1
                finish(&current)
                continue
            }
            if current.action == nil && current.subject == nil && current.target == nil {
                if queuedNext {
                    current.queued = true
                    queuedNext = false
                }
            }
            try parseNext(into: &current)
        }
        finish(&current)
        if clauses.isEmpty, current.subject != nil {
            throw Failure(message: "what should \(current.subjectText) do?", suggestions: exampleCommands)
        }
        guard !clauses.isEmpty else {
            throw Failure(message: "say what to do, for example \"scouts move north\"", suggestions: exampleCommands)
        }
        // A clause without a subject takes the one before it, and then runs after it.
        var last: Clause?
        for k in clauses.indices {
            if clauses[k].subject == nil, let prev = last, let s = prev.subject {
                clauses[k].subject = s
                clauses[k].broadSubject = prev.broadSubject
                clauses[k].subjectText = prev.subjectText
                clauses[k].queued = true
                // "capture the mill then the gap": the verb carries over too.
                if clauses[k].action == nil, clauses[k].target != nil { clauses[k].action = prev.action }
            }
            last = clauses[k]
        }
        return clauses
    }

    /// Whether a new clause starts at `k`: a verb, or a subject followed by a verb.
    func startsClause(at k: Int, withSubject: Bool = false) -> Bool {
        var probe = self
        probe.i = k
        probe.readingObject = false
        probe.skipFiller()
        if !withSubject && probe.peekAction() != nil { return true }
        guard (try? probe.parseSubject()) != nil, probe.i > k else { return false }
        probe.skipFiller()
        return probe.peekAction() != nil
    }

    /// Reads the next meaningful piece of a clause.
    mutating func parseNext(into c: inout Clause) throws {
        let t = tokens[i]
        if t.isMark(",") || t.word == "and" || t.word == "with" && c.subject == nil && c.action != nil {
            i += 1
            if t.word == "with" { try readSubject(into: &c) }
            return
        }
        // An exclusion after the verb: "everyone retreat except the snipers".
        if let w = t.word, Lexicon.exceptWords.contains(w), c.action != nil, let subject = c.subject {
            let save = i
            i += 1
            if let w = tokens.at(i)?.word, w == "for" || w == "not" { i += 1 }
            if let removed = try parseSubject() {
                c.subject = subject.filter { !removed.numbers.contains($0) }
                guard c.subject?.isEmpty == false else { throw Failure(message: "that leaves no units") }
                return
            }
            i = save
        }
        if let w = t.word, Lexicon.facingWords.contains(w) || (w == "face" && c.action != nil && c.action != .face) {
            i += 1
            skipFiller()
            guard let d = parseDirection() else { throw Failure(message: "facing which way? say north, east, south or west") }
            c.facing = d
            return
        }
        // At the start of a clause a unit reference wins over a verb ("scout 2 go west").
        if c.subject == nil && c.action == nil && c.target == nil, try takeSubject(into: &c) { return }
        if c.action == nil, let (action, length) = peekAction() {
            c.verb = tokens[i..<(i + length)].compactMap(\.word).joined(separator: " ")
            i += length
            c.action = action
            if action == .patrol { try parsePatrol(into: &c) }
            return
        }
        if c.subject == nil && (c.action == nil || t.word == "with"), try takeSubject(into: &c, skippingWith: true) {
            return
        }
        // "park the tanks at the gap": units between the verb and a place are the subject.
        if c.subject == nil, c.target == nil, let action = c.action, action != .follow && action != .heal,
            subjectBeforePlace(for: action)
        {
            _ = try takeSubject(into: &c)
            return
        }
        targetSubject = c.subject
        // "heal tank 3 then follow it", "capture node b then mine it", "go to the mill and stay there".
        if c.action != nil, c.target == nil, let w = t.word, ["it", "there", "him", "her"].contains(w),
            let previous = lastTarget, Self.fits(previous, c.action!)
        {
            i += 1
            c.target = previous
            return
        }
        if c.target == nil, let target = try parseTarget(for: c.action ?? .move) {
            c.target = target
            lastTarget = target
            c.healGroup = healGroup
            healGroup = nil
            return
        }
        if let w = t.word, Lexicon.filler.contains(w) {
            i += 1
            return
        }
        if c.subject == nil, c.action != nil, try takeSubject(into: &c) { return }
        if t.isMark("(") || t.isMark(")") || t.isMark("-") || t.isMark(":") || t.isMark("#") || t.isMark("&") {
            i += 1
            return
        }
        throw unknown(t)
    }

    /// Whether units at `i` are followed by a place, a cell or a direction.
    func subjectBeforePlace(for action: OrderAction) -> Bool {
        var probe = self
        guard (try? probe.parseSubject()) != nil else { return false }
        switch try? probe.parseTarget(for: action) {
        case .landmark?, .point?, .direction?: return true
        default: return false
        }
    }

    /// Pronouns that mean the units of the clause before when nothing is selected.
    static let backReferences: Set<String> = ["they", "them"]

    mutating func readSubject(into c: inout Clause) throws {
        skipFiller()
        guard try takeSubject(into: &c) else { throw Failure(message: "with whom? name units after \"with\"") }
    }

    /// Reads a subject at `i` into the clause; false (and `i` unmoved) when there is none.
    mutating func takeSubject(into c: inout Clause, skippingWith: Bool = false) throws -> Bool {
        let start = i
        if skippingWith && tokens.at(i)?.word == "with" { i += 1 }
        guard let units = try parseSubject() else {
            i = start
            return false
        }
        // "... and tell them to hold": "them" are the units of the clause before, whose
        // order this one follows rather than replaces.
        if let w = tokens[start].word, Self.backReferences.contains(w), context.selection.isEmpty,
            let previous = lastSubject, previous == units.numbers
        {
            c.queued = true
            notes.append("read \"\(w)\" as \(Self.list(previous.map { "\(context.roster[$0 - 1].rawValue) \($0)" }, or: false))")
        }
        c.subject = units.numbers
        lastSubject = units.numbers
        c.broadSubject = units.broad
        c.subjectText = tokens[start..<i].map(\.text).joined(separator: " ")
        c.explicitSubject = true
        return true
    }

    /// "patrol between A and B", "patrol from A to B", "patrol A and B", "patrol to A".
    mutating func parsePatrol(into c: inout Clause) throws {
        while tokens.at(i)?.word == "the" || tokens.at(i)?.word == "to" { i += 1 }
        var first: OrderTarget?
        if tokens.at(i)?.word == "between" || tokens.at(i)?.word == "from" {
            let from = tokens[i].word == "from"
            i += 1
            skipFiller()
            first = try parseTarget(for: .patrol)
            guard first != nil else { throw Failure(message: "patrol between which two places?") }
            while i < tokens.count, tokens[i].word == "and" || tokens[i].word == "to" || tokens[i].isMark(",")
                || tokens[i].word == "the"
            { i += 1 }
            guard let second = try parseTarget(for: .patrol) else { throw Failure(message: "patrol between which two places?") }
            if from {
                c.target = second
                c.via = first
            } else {
                c.target = first
                c.via = second
            }
            return
        }
        guard let a = try parseTarget(for: .patrol) else { return }
        c.target = a
        var probe = i
        while probe < tokens.count, tokens[probe].word == "and" || tokens[probe].word == "the" { probe += 1 }
        if probe > i, !startsClause(at: i + 1) {
            let save = i
            i = probe
            if let b = try parseTarget(for: .patrol) {
                c.via = b
            } else {
                i = save
            }
        }
    }

    // MARK: - Pieces

    mutating func skipFiller() {
        while i < tokens.count, let w = tokens[i].word, Lexicon.filler.contains(w), peekAction() == nil {
            // Stop at words that start a unit reference ("all") or a place.
            if w == "all" || w == "team" || w == "units" || w == "guys" { return }
            if case .found = landmarks.match(tokens, at: i), w != "the" { return }
            i += 1
        }
    }

    /// The verb phrase at `i`, longest first.
    func peekAction() -> (OrderAction, Int)? {
        for (phrase, action) in Lexicon.actionPhrases where i + phrase.count <= tokens.count {
            if (0..<phrase.count).allSatisfy({ tokens[i + $0].word == phrase[$0] }) {
                // "go" alone before a place or direction is a move; "go" as filler is handled by phrases.
                return (action, phrase.count)
            }
        }
        return nil
    }

    /// A compass word or two ("north east", "north-east"), or forward/back/left/right.
    mutating func parseDirection() -> CompassDirection? {
        guard let w = tokens.at(i)?.word else { return nil }
        if Lexicon.forwardWords.contains(w) {
            i += 1
            return context.forward
        }
        if Lexicon.backWords.contains(w) {
            i += 1
            let f = context.forward.step
            return CompassDirection.nearest(dx: -f.dx, dy: -f.dy)
        }
        guard let first = Lexicon.compassWords[w] else { return nil }
        i += 1
        // Two-word compass points: "north east", "north-east", "north and east" is not one.
        var k = i
        if tokens.at(k)?.isMark("-") == true { k += 1 }
        if let w2 = tokens.at(k)?.word, let second = Lexicon.compassWords[w2], w2.count > 1,
            [.north, .south].contains(first), [.east, .west].contains(second)
        {
            i = k + 1
            return CompassDirection.nearest(dx: second.step.dx, dy: first.step.dy)
        }
        return first
    }

    /// A target: a place, a cell, a direction, one of own units, or an enemy.
    mutating func parseTarget(for action: OrderAction) throws -> OrderTarget? {
        let start = i
        // "go back to base", "head home to the mill": the place is the target.
        // "come back home", "back to base": "back" before a place only says it is a return.
        if let w = tokens.at(i)?.word, w == "back" || w == "home", tokens.at(i + 1)?.word == "to" { i += 1 }
        if tokens.at(i)?.word == "back", case .found = landmarks.match(tokens, at: i + 1) { i += 1 }
        while i < tokens.count, let w = tokens[i].word,
            ["to", "at", "towards", "toward", "into", "onto", "on", "over", "the", "by", "near", "around", "in"].contains(w)
        {
            i += 1
        }
        if i >= tokens.count {
            i = start
            return nil
        }
        if let node = try parseNearestNode() { return .landmark(node) }
        if let enemy = try parseEnemy(for: action) { return enemy }
        // "guard medic 7" (a number alone after hold is a cell: "hold 12 5").
        if action == .follow || action == .heal || action == .hold && tokens.at(i)?.number == nil,
            let own = try parseOwnUnit(verb: action)
        {
            return .unit(own)
        }
        if let point = parsePoint() { return point }
        switch landmarks.match(tokens, at: i) {
        case .found(let name, let length, let acrossWords):
            if acrossWords {
                let written = tokens[i..<(i + length)].map(\.text).joined(separator: " ")
                notes.append("read \"\(written)\" as \(name)")
            }
            i += length
            return .landmark(name)
        case .ambiguous(let words, let candidates, _):
            throw Failure(
                message: "\"\(words)\" could be \(Self.list(candidates, or: true)); say which",
                suggestions: candidates)
        case .none:
            break
        }
        if let d = parseDirection() { return .direction(d) }
        i = start
        return nil
    }

    /// "enemy 4", "the enemy sniper", "the nearest enemy", "nearest tank"; for attack, archetype words mean enemies.
    mutating func parseEnemy(for action: OrderAction) throws -> OrderTarget? {
        let start = i
        var sawEnemy = false, sawNearest = false
        while let w = tokens.at(i)?.word {
            if Lexicon.enemyWords.contains(w) {
                sawEnemy = true
            } else if Lexicon.nearestWords.contains(w) {
                sawNearest = true
            } else if w != "the" && w != "unit" && w != "one" || (w == "one" && !sawNearest) {
                break
            }
            i += 1
        }
        if sawEnemy || sawNearest {
            if let n = tokens.at(i)?.number ?? tokens.at(i)?.word.flatMap({ Lexicon.numberWords[$0] }), sawEnemy, !sawNearest {
                i += 1
                guard (1...10).contains(n) else { throw Failure(message: "there is no enemy unit \(n): enemies are numbered 1 to 10") }
                guard context.visibleEnemies.contains(where: { $0.number == n }) else {
                    let seen = context.visibleEnemies.map { "enemy \($0.number)" }
                    throw Failure(
                        message: "enemy \(n) is not in sight" + (seen.isEmpty ? "" : "; you can see \(Self.list(seen, or: false))"),
                        suggestions: seen, dependsOnState: true)
                }
                return .enemy(n)
            }
            if let w = tokens.at(i)?.word, let (type, _) = Lexicon.archetypeWords[w] {
                i += 1
                return enemyOfType(type, nearest: sawNearest)
            }
            // "the enemy base" is a place, not an enemy.
            if tokens.at(i)?.word == "base" {
                i = start
                return nil
            }
            if let w = tokens.at(i)?.word, ["units", "unit", "forces", "troops"].contains(w) { i += 1 }
            return .nearestEnemy(nil)
        }
        // "attack the tanks": after an attacking verb, archetypes are the enemy's.
        if action == .attack, let w = tokens.at(i)?.word, let (type, _) = Lexicon.archetypeWords[w] {
            i += 1
            return enemyOfType(type, nearest: true)
        }
        i = start
        return nil
    }

    /// One visible enemy of that type by number when it is the only one in sight, else the nearest.
    func enemyOfType(_ type: Archetype, nearest: Bool) -> OrderTarget {
        let seen = context.visibleEnemies.filter { $0.archetype == type }
        if !nearest && seen.count == 1 { return .enemy(seen[0].number) }
        return .nearestEnemy(type)
    }

    /// "unit 3", "tank 3", "3", "the medic" (when there is one), for follow and heal.
    ///
    /// Several units ("the tanks") are an error that names them: one unit is followed or healed.
    mutating func parseOwnUnit(verb: OrderAction) throws -> Int? {
        let start = i
        // "medics heal each other": the clause's units are the patients too (see `pairHealers`).
        if verb == .heal, let w = tokens.at(i)?.word, let w2 = tokens.at(i + 1)?.word,
            [w, w2] == ["each", "other"] || [w, w2] == ["one", "another"]
        {
            guard let units = targetSubject, units.count > 1 else { throw Failure(message: "\"\(w) \(w2)\" needs two units or more") }
            i += 2
            healGroup = units
            return units[0]
        }
        readingObject = true
        defer { readingObject = false }
        // A list too: "heal tank 3 and tank 4" shares the patients out.
        if let units = try parseSubject() {
            if units.numbers.count == 1 { return units.numbers[0] }
            // "medics heal the tanks": each medic takes one, the most hurt first (see `pairHealers`).
            if units.numbers.count > 1, verb == .heal {
                healGroup = units.numbers
                return units.numbers[0]
            }
            if units.numbers.count > 1 {
                let names = units.numbers.map { "\(context.roster[$0 - 1].rawValue) \($0)" }
                throw Failure(
                    message: "\(verb.rawValue) one unit at a time: \(Self.list(names, or: true))?", suggestions: names)
            }
        }
        i = start
        return nil
    }

    /// "20 10", "(20, 10)", "x 20 y 10".
    mutating func parsePoint() -> OrderTarget? {
        let start = i
        var numbers: [Int] = []
        while i < tokens.count, numbers.count < 2 {
            let t = tokens[i]
            if let n = t.number {
                numbers.append(n)
            } else if t.isMark("(") || t.isMark(")") || t.isMark(",") || t.word == "x" || t.word == "y" {
                // punctuation of a coordinate pair
            } else {
                break
            }
            i += 1
        }
        if tokens.at(i)?.isMark(")") == true { i += 1 }
        guard numbers.count == 2 else {
            i = start
            return nil
        }
        return .point(x: numbers[0], y: numbers[1])
    }

    // MARK: - Units

    struct UnitSet {
        var numbers: [Int]
        var broad: Bool
    }

    /// A subject: "all", "everyone except the snipers", "tanks", "tank 4", "units 1 to 3", "1, 2 and 5", "alpha", "them".
    mutating func parseSubject() throws -> UnitSet? {
        var picked: [Int] = []
        var broad = false
        var any = false
        let start = i
        while i < tokens.count {
            let save = i
            while let w = tokens.at(i)?.word, ["the", "both", "my", "our", "of", "two", "all"].contains(w) {
                // "all" before an archetype ("all tanks") is only emphasis.
                if w == "all" || w == "two" {
                    if let next = tokens.at(i + 1)?.word, Lexicon.archetypeWords[next] != nil || next == "units" || next == "of" {
                        i += 1
                        continue
                    }
                    break
                }
                i += 1
            }
            guard let item = try parseUnitItem() else {
                i = save
                break
            }
            any = true
            broad = broad || item.broad
            for n in item.numbers where !picked.contains(n) { picked.append(n) }
            // Continue the list over "," "and" "&" "plus".
            let beforeJoin = i
            if let t = tokens.at(i), t.isMark(",") || t.word == "and" || t.isMark("&") || t.word == "plus" {
                i += 1
                var probe = self
                if (try? probe.parseUnitItemAfterArticles()) != nil, !(readingObject && probe.verbFollows()) { continue }
                i = beforeJoin
            }
            break
        }
        guard any else {
            i = start
            return nil
        }
        // Exclusions: "everyone except the snipers", "all but unit 5".
        if let w = tokens.at(i)?.word, Lexicon.exceptWords.contains(w) {
            let save = i
            i += 1
            if let w = tokens.at(i)?.word, w == "for" || w == "not" { i += 1 }
            if let removed = try parseSubject() {
                picked.removeAll { removed.numbers.contains($0) }
                guard !picked.isEmpty else { throw Failure(message: "that leaves no units") }
            } else {
                i = save
            }
        }
        return UnitSet(numbers: picked.sorted(), broad: broad)
    }

    mutating func parseUnitItemAfterArticles() throws -> UnitSet? {
        while let w = tokens.at(i)?.word, ["the", "both", "my", "our"].contains(w) { i += 1 }
        return try parseUnitItem()
    }

    /// One item of a subject list.
    mutating func parseUnitItem() throws -> UnitSet? {
        guard let t = tokens.at(i) else { return nil }
        if let w = t.word {
            let numberFollows = tokens.at(i + 1)?.number != nil || tokens.at(i + 1)?.word.flatMap { Lexicon.numberWords[$0] } != nil
            // "all", "everyone"; "units", "team" and the like only after "all", "the whole" ...
            let collective = ["units", "team", "squad", "guys", "troops", "forces"].contains(w)
            let before = tokens.at(i - 1)?.word ?? ""
            if Lexicon.everyone.contains(w) && !(w == "units" && numberFollows)
                && (!collective || ["all", "whole", "entire", "the", "every"].contains(before))
                && !(collective && tokens.at(i + 1)?.word.flatMap { context.squads[$0] } != nil)
            {
                i += 1
                if w == "all", tokens.at(i)?.word == "units" || tokens.at(i)?.word == "of" && tokens.at(i + 1)?.word == "you" {
                    i += tokens[i].word == "of" ? 2 : 1
                }
                return UnitSet(numbers: Array(1...context.roster.count), broad: true)
            }
            if w == "whole" || w == "entire" || w == "every", let next = tokens.at(i + 1)?.word,
                ["team", "army", "squad", "unit", "force"].contains(next)
            {
                i += 2
                return UnitSet(numbers: Array(1...context.roster.count), broad: true)
            }
            // "they", "them" with nothing selected: the units of the clause before.
            if Self.backReferences.contains(w), context.selection.isEmpty, let previous = lastSubject {
                i += 1
                return UnitSet(numbers: previous, broad: false)
            }
            if Lexicon.selectionWords.contains(w) {
                guard !context.selection.isEmpty else {
                    throw Failure(
                        message: "\"\(w)\" means the selected units, and none are selected; name the units",
                        dependsOnState: true)
                }
                i += 1
                return UnitSet(numbers: context.selection, broad: false)
            }
            if let squad = context.squads[w] {
                i += 1
                if tokens.at(i)?.word == "squad" || tokens.at(i)?.word == "team" { i += 1 }
                return UnitSet(numbers: squad, broad: false)
            }
            if w == "squad" || w == "team", let name = tokens.at(i + 1)?.word, let squad = context.squads[name] {
                i += 2
                return UnitSet(numbers: squad, broad: false)
            }
            if let (type, plural) = Lexicon.archetypeWords[w] {
                i += 1
                let ofType = context.numbers(of: type)
                // "tank 4", "tanks 3 and 4": numbers must be of that type.
                if let numbers = try parseNumberList(), !numbers.isEmpty {
                    for n in numbers where !ofType.contains(n) {
                        guard (1...context.roster.count).contains(n) else { throw noSuchUnit(n) }
                        throw Failure(
                            message: "unit \(n) is a \(context.roster[n - 1].rawValue), not a \(type.rawValue)",
                            suggestions: ofType.map { "\(type.rawValue) \($0)" })
                    }
                    return UnitSet(numbers: numbers, broad: false)
                }
                guard !ofType.isEmpty else { throw Failure(message: "you have no \(type.rawValue)s on this map") }
                if !plural && ofType.count > 1 {
                    let choices = ofType.map { "\(type.rawValue) \($0)" }
                    throw Failure(
                        message: "which \(type.rawValue)? you have \(Self.list(ofType.map(String.init), or: true))",
                        suggestions: choices + ["\(type.rawValue)s"])
                }
                return UnitSet(numbers: ofType, broad: false)
            }
            if Lexicon.unitWords.contains(w) || w == "#" {
                let save = i
                i += 1
                if tokens.at(i)?.isMark("#") == true { i += 1 }
                if let numbers = try parseNumberList(), !numbers.isEmpty { return UnitSet(numbers: numbers, broad: false) }
                i = save
                return nil
            }
        }
        if t.isMark("#") {
            i += 1
        }
        if let numbers = try parseNumberList(), !numbers.isEmpty {
            return UnitSet(numbers: numbers, broad: false)
        }
        return nil
    }

    /// "3", "1 to 3", "one through four", "3-4", "1, 2 and 5", "1 2".
    mutating func parseNumberList() throws -> [Int]? {
        var numbers: [Int] = []
        func number(at k: Int) -> Int? {
            guard let t = tokens.at(k) else { return nil }
            if let n = t.number { return n }
            if let w = t.word, let n = Lexicon.numberWords[w] { return n }
            return nil
        }
        guard let first = number(at: i) else { return nil }
        // Two bare numbers after a verb are a cell, not units: callers try points first there.
        numbers.append(first)
        i += 1
        while i < tokens.count {
            let t = tokens[i]
            if t.isMark("-") || ["to", "through", "thru", "till", "until"].contains(t.word ?? ""), let last = number(at: i + 1) {
                guard let from = numbers.last, from <= last, last - from < 10 else { break }
                for n in (from + 1)...last where !numbers.contains(n) { numbers.append(n) }
                i += 2
                continue
            }
            if t.isMark(",") || t.word == "and" || t.isMark("&") || t.word == "or", let n = number(at: i + 1) {
                // "1, 2 and 5"; but "3 and 20 10" is not a list, so stop before a coordinate pair.
                if number(at: i + 2) != nil && !(tokens.at(i + 2).map { $0.isMark(",") || $0.word == "and" } ?? false) { break }
                if readingObject {
                    var probe = self
                    probe.i = i + 2
                    if probe.verbFollows() { break }
                }
                numbers.append(n)
                i += 2
                continue
            }
            if let n = number(at: i) {
                // "1 2" is a list, but "move 20 10" is a cell: only when a verb does not precede.
                if number(at: i + 1) != nil && numbers.count == 1 && i >= 2 && peekActionBefore(i - 1) { break }
                numbers.append(n)
                i += 1
                continue
            }
            break
        }
        for n in numbers where !(1...context.roster.count).contains(n) { throw noSuchUnit(n) }
        return numbers
    }

    /// Whether a verb comes next, over filler: the units just read are a new clause's subject.
    func verbFollows() -> Bool {
        var probe = self
        probe.skipFiller()
        return probe.peekAction() != nil
    }

    func peekActionBefore(_ k: Int) -> Bool {
        var probe = self
        for start in max(0, k - 3)...k {
            probe.i = start
            if let (_, len) = probe.peekAction(), start + len == k { return true }
        }
        return false
    }

    func noSuchUnit(_ n: Int) -> Failure {
        Failure(message: "there is no unit \(n): your units are 1 to \(context.roster.count)", suggestions: [])
    }

    // MARK: - Squads

    /// "call 1 2 3 alpha", "name the tanks heavy", "group 4 5 as bravo".
    mutating func parseSquadDefinition() throws -> SquadDefinition? {
        guard let w = tokens.first?.word, Lexicon.squadDefiners.contains(w) else { return nil }
        i = 1
        if tokens.at(i)?.word == "squad" || tokens.at(i)?.word == "team" { i += 1 }
        guard let units = try parseSubject() else { return nil }
        while let w = tokens.at(i)?.word, ["as", "squad", "team", "the", "group"].contains(w) { i += 1 }
        // The name ends the line, or a separator after it starts orders that may use it.
        let after = tokens.at(i + 1)
        guard let name = tokens.at(i)?.word,
            after == nil || after!.isMark(",") || after!.isMark(";") || after!.isMark(".") || after!.word == "and"
                || after!.word == "then",
            after == nil || i + 2 < tokens.count
        else {
            throw Failure(message: "name a squad with one word, for example \"call 1 2 3 alpha\"")
        }
        guard !Self.reserved(name) && landmarks.entries.allSatisfy({ !$0.words.contains(name) }) else {
            throw Failure(message: "\"\(name)\" already means something; pick another squad name", suggestions: ["alpha", "bravo", "charlie"])
        }
        i += after?.word == "then" ? 1 : 2
        return SquadDefinition(name: name, units: units.numbers)
    }

    static func reserved(_ w: String) -> Bool {
        Lexicon.archetypeWords[w] != nil || Lexicon.compassWords[w] != nil || Lexicon.numberWords[w] != nil
            || Lexicon.everyone.contains(w) || Lexicon.filler.contains(w) || Lexicon.actionPhrases.contains { $0.0 == [w] }
            || Lexicon.selectionWords.contains(w) || Lexicon.enemyWords.contains(w)
    }

    // MARK: - Orders

    func makeOrder(_ c: Clause) throws -> Order {
        guard var units = c.subject ?? (context.selection.isEmpty ? nil : context.selection) else {
            throw Failure(
                message: "which units? start with who, for example \"scouts\", \"tanks\", \"all\" or \"1 2\"",
                suggestions: exampleCommands)
        }
        var action = c.action ?? (c.target != nil ? .move : (c.facing != nil ? .face : .move))
        if c.action == nil && c.target == nil && c.facing == nil {
            throw Failure(message: "what should \(c.subjectText.isEmpty ? "they" : c.subjectText) do?", suggestions: exampleCommands)
        }
        var target = c.target
        var facing = c.facing
        switch action {
        case .face:
            if case .direction(let d)? = target {
                facing = nil
                target = .direction(d)
            } else if let f = facing {
                target = .direction(f)
                facing = nil
            } else {
                throw Failure(message: "face which way? say north, east, south or west")
            }
        case .move, .attackMove:
            if target == nil {
                if c.facing != nil && c.action == nil {
                    action = .face
                } else {
                    throw Failure(message: "\(action == .move ? "move" : "attack-move") where? name a place, a direction or a cell", suggestions: placeSuggestions())
                }
            }
        case .attack:
            if target == nil { target = .nearestEnemy(nil) }
        case .capture:
            guard target != nil else {
                throw Failure(message: "capture what? name a node", suggestions: context.map.nodes.map(\.name))
            }
        case .follow:
            guard target != nil else { throw Failure(message: "follow whom? name one of your units, for example \"follow tank 3\"") }
        case .patrol:
            guard target != nil else { throw Failure(message: "patrol where? for example \"patrol between \(placeSuggestions().prefix(2).joined(separator: " and "))\"") }
        case .retreat, .hold, .stop, .heal, .mine:
            break
        }
        // Units that cannot do the action: left out of "everyone", an error when named.
        let unable = units.filter { !context.roster[$0 - 1].canPerform(action) }
        if !unable.isEmpty {
            let able = units.filter { context.roster[$0 - 1].canPerform(action) }
            if c.broadSubject && !able.isEmpty {
                units = able
            } else {
                let who = Archetype.allCases.filter { $0.canPerform(action) && $0 != .scout }
                let capable = who.flatMap { context.numbers(of: $0) }
                let kinds = Set(unable.map { context.roster[$0 - 1] }).map(\.rawValue).sorted()
                throw Failure(
                    message: "\(kinds.joined(separator: " and "))s cannot \(action.rawValue); only \(who.map { $0.rawValue + "s" }.joined(separator: ", ")) (\(capable.map(String.init).joined(separator: ", "))) can",
                    suggestions: who.map { "\($0.rawValue)s \(action.rawValue)" })
            }
        }
        if case .unit(let n)? = target, !(1...context.roster.count).contains(n) { throw noSuchUnit(n) }
        if case .point(let x, let y)? = target {
            guard x >= 0, y >= 0, x < context.map.width, y < context.map.height else {
                throw Failure(message: "cell (\(x), \(y)) is off the map, which is \(context.map.width) by \(context.map.height)")
            }
        }
        return Order(units: units, action: action, target: target, via: c.via, facing: facing, queued: c.queued)
    }

    func placeSuggestions() -> [String] {
        Array(context.map.landmarks.filter { if case .place = $0.kind { return true } else { return false } }.map(\.name).prefix(3))
            + context.map.nodes.prefix(2).map(\.name)
    }

    /// An unknown word, with the nearest words the resolver knows.
    func unknown(_ t: Token) -> Failure {
        let word = t.text
        let lower = word.lowercased()
        let known = Set(
            context.map.landmarks.map { $0.name.lowercased() } + landmarks.vocabulary + Array(context.squads.keys))
            .union(Self.lexiconWords)
        let scored = known.compactMap { w -> (String, Int)? in
            let d = EditDistance.between(lower, w, limit: 2)
            return d <= 2 ? (w, d) : nil
        }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        let suggestions = Array(scored.prefix(3).map(\.0))
        // A word it knows, met where the grammar did not expect it: never "did you mean" itself.
        if scored.first?.1 == 0 {
            return Failure(
                message: "\"\(word)\" came where I did not expect it; say who does what, for example \"\(exampleCommands[1])\"",
                suggestions: exampleCommands)
        }
        var message = "I don't know \"\(word)\""
        if !suggestions.isEmpty { message += "; did you mean \(Self.list(suggestions.map { "\"\($0)\"" }, or: true))?" }
        return Failure(message: message, suggestions: suggestions)
    }

    /// The words and phrases of the lexicon an unknown word is compared with for suggestions.
    static let lexiconWords = Set(
        Lexicon.actionPhrases.map { $0.0.joined(separator: " ") } + Array(Lexicon.archetypeWords.keys)
            + Lexicon.compassWords.keys.filter { $0.count > 2 })

    static func list(_ items: [String], or: Bool) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + items.last!
    }
}

extension Array where Element == Token {
    func at(_ k: Int) -> Token? { k >= 0 && k < count ? self[k] : nil }
}
