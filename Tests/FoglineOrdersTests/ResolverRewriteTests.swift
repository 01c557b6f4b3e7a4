import FoglineOrders
import Testing

@testable import FoglineSim

/// How typed lines are brought to the grammar (issue 15): misspelled order words read as
/// the one word they are close to, and said so; orders passed on through someone; lead-in
/// words; verb chains; "a-move"; an exclusion after the verb.
@Suite("Offline resolver: lines as players type them")
struct ResolverRewriteTests {
    let resolver = OfflineResolver()
    let context = LLMTestSupport.context()
    /// The unseen test map, whose names are written as one word ("Northgate", "Blackwood").
    static let millbrook = try! MapLoader.load(path: CorpusCase.mapPath("millbrook"))
    let onMillbrook = ResolverContext(map: ResolverRewriteTests.millbrook, player: 1, squads: [:], selection: [])

    func orders(_ text: String, _ context: ResolverContext) -> [Order] {
        resolver.resolve(text, in: context).orderSet.orders
    }

    @Test("a misspelled action or kind of unit is corrected, and the notes say how it was read")
    func typos() {
        let got = resolver.resolve("tansk gaurd the gap", in: context)
        #expect(got.orderSet.orders == [Order(units: [3, 4], action: .hold, target: .landmark("the gap"))], "\(got.orderSet.error ?? "")")
        #expect(got.notes == ["read \"tansk\" as \"tanks\"", "read \"gaurd\" as \"guard\""])
    }

    @Test("a word close to two order words is not guessed")
    func ambiguousTypo() {
        // "folow" is one edit from "follow" only; "hel" is too short to correct at all.
        #expect(resolver.resolve("medics folow tank 3", in: context).orderSet.orders.first?.action == .follow)
        let got = resolver.resolve("medics hel tank 3", in: context)
        #expect(got.isError && got.notes.isEmpty)
    }

    @Test("orders passed on, lead-ins and verb chains read as the order itself", arguments: [
        ("send the medics to the quarry", Order(units: [7, 8], action: .move, target: .landmark("the quarry"))),
        ("have unit 4 hold the gap", Order(units: [4], action: .hold, target: .landmark("the gap"))),
        ("tell the engineers to mine the gap", Order(units: [9, 10], action: .mine, target: .landmark("the gap"))),
        ("ok so uh scouts go north", Order(units: [1, 2], action: .move, target: .direction(.north))),
        ("tanks go capture the gap", Order(units: [3, 4], action: .capture, target: .landmark("the gap"))),
        ("snipers a-move to the gap", Order(units: [5, 6], action: .attackMove, target: .landmark("the gap"))),
    ])
    func passedOn(text: String, expected: Order) {
        let got = resolver.resolve(text, in: context)
        #expect(got.orderSet.orders == [expected], "\(text): \(got.orderSet.error ?? "")")
        #expect(got.notes.isEmpty)
    }

    @Test("an exclusion can come after the verb")
    func trailingExclusion() {
        let got = resolver.resolve("everyone retreat except the snipers", in: context)
        #expect(got.orderSet.orders == [Order(units: [1, 2, 3, 4, 7, 8, 9, 10], action: .retreat)])
    }

    @Test("a known word out of place is not met with \"did you mean\" itself")
    func knownWordOutOfPlace() {
        let got = resolver.resolve("tanks the gap capture capture", in: context)
        let error = got.orderSet.error ?? ""
        #expect(got.isError)
        #expect(!error.contains("did you mean \"capture\""), "\(error)")
    }

    @Test("a place name written at another word boundary is read, and the notes say so", arguments: [
        ("engineers capture hazelfarm", "Hazel Farm", "hazelfarm"),
        ("medics go to cold water", "Coldwater", "cold water"),
        ("snipers go to the gray wood", "Greywood", "gray wood"),
        ("scouts go to north-gate", "Northgate", "north gate"),
        ("snipers go to the watch-tower", "the watchtower", "watch tower"),
    ])
    func wordBoundaries(text: String, place: String, written: String) {
        let got = resolver.resolve(text, in: onMillbrook)
        #expect(got.orderSet.orders.first?.target == .landmark(place), "\(text): \(got.orderSet.error ?? "")")
        #expect(got.orderSet.orders.first?.action != .hold, "a word of the name is not a typo of a verb")
        #expect(got.notes.contains("read \"\(written)\" as \(place)"), "\(got.notes)")
    }

    @Test("an exact word or joining beats a typo of another name")
    func exactBeforeTypo() {
        // "bridge" is whole in Stonebridge and a letter off "ridge" in two others.
        #expect(orders("tanks hold the bridge", onMillbrook).first?.target == .landmark("Stonebridge"))
        // "westwoods" joins west woods exactly and is two letters off east woods.
        #expect(orders("snipers hold westwoods", context).first?.target == .landmark("west woods"))
        // A word whole in several names is still not guessed between them.
        #expect(resolver.resolve("scouts go to the ridge", in: context).isError)
    }

    @Test("everyday verbs read as the orders they mean", arguments: [
        ("tanks hunker down at the gap", Order(units: [3, 4], action: .hold, target: .landmark("the gap"))),
        ("scouts nab the quarry", Order(units: [1, 2], action: .capture, target: .landmark("the quarry"))),
        ("scouts tag along with tank 3", Order(units: [1, 2], action: .follow, target: .unit(3))),
        ("engineers booby-trap the gap", Order(units: [9, 10], action: .mine, target: .landmark("the gap"))),
        ("snipers back and forth between the gap and the quarry",
         Order(units: [5, 6], action: .patrol, target: .landmark("the gap"), via: .landmark("the quarry"))),
    ])
    func everydayVerbs(text: String, expected: Order) {
        let got = resolver.resolve(text, in: context)
        #expect(got.orderSet.orders == [expected], "\(text): \(got.orderSet.error ?? "")")
    }

    @Test("a verb with nothing after it can mean another order, and the notes say so")
    func verbWithoutObject() {
        let alone = resolver.resolve("scouts clear out", in: context)
        #expect(alone.orderSet.orders == [Order(units: [1, 2], action: .retreat)])
        #expect(alone.notes == ["read \"clear out\" as retreat, as nothing follows it"])
        #expect(orders("scouts clear out the gap", context).first?.action == .attackMove)
    }

    @Test("verb chains: aspect verbs, -ing forms, a second move verb and lead-ins that are also words", arguments: [
        ("tanks go try and capture the gap", Order(units: [3, 4], action: .capture, target: .landmark("the gap"))),
        ("engineers start mining the gap", Order(units: [9, 10], action: .mine, target: .landmark("the gap"))),
        ("scouts go take a look at the quarry", Order(units: [1, 2], action: .move, target: .landmark("the quarry"))),
        ("right so everyone hold", Order(units: Array(1...10), action: .hold)),
        ("like scouts go north", Order(units: [1, 2], action: .move, target: .direction(.north))),
        ("tanks come back home", Order(units: [3, 4], action: .move, target: .landmark("west base"))),
    ])
    func verbChains(text: String, expected: Order) {
        let got = resolver.resolve(text, in: context)
        #expect(got.orderSet.orders == [expected], "\(text): \(got.orderSet.error ?? "")")
    }

    @Test("\"right\" that is not a lead-in stays a direction; \"go scout\" is one move")
    func guardedLeadIn() {
        #expect(orders("scouts go right", context) == [Order(units: [1, 2], action: .move, target: .direction(.east))])
        #expect(orders("tanks go scout the gap", context) == [Order(units: [3, 4], action: .move, target: .landmark("the gap"))])
    }

    @Test("clauses with their own subjects, a squad used where it is named, exclusions and lists after the verb", arguments: [
        ("7 heal 3 and 8 heal 4", [Order(units: [7], action: .heal, target: .unit(3)), Order(units: [8], action: .heal, target: .unit(4))]),
        ("medics heal tank 3 and tank 4", [Order(units: [7], action: .heal, target: .unit(3)), Order(units: [8], action: .heal, target: .unit(4))]),
        ("scouts capture the gap then the quarry and tanks capture old mill", [
            Order(units: [1, 2], action: .capture, target: .landmark("the gap")),
            Order(units: [1, 2], action: .capture, target: .landmark("the quarry"), queued: true),
            Order(units: [3, 4], action: .capture, target: .landmark("old mill")),
        ]),
        ("all hold the gap but not 5 and 6", [Order(units: [1, 2, 3, 4, 7, 8, 9, 10], action: .hold, target: .landmark("the gap"))]),
        ("park the tanks at the gap", [Order(units: [3, 4], action: .hold, target: .landmark("the gap"))]),
        // Without a new subject, a verb after a verbless clause is still the same order.
        ("send the tanks to the gap and hold", [Order(units: [3, 4], action: .hold, target: .landmark("the gap"))]),
    ])
    func clauses(text: String, expected: [Order]) {
        let got = resolver.resolve(text, in: context)
        #expect(got.orderSet.orders == expected, "\(text): \(got.orderSet.error ?? "")")
    }

    @Test("a squad named in a line can be given orders in the rest of it")
    func squadThenOrders() {
        let got = resolver.resolve("call 9 10 diggers, diggers mine the gap", in: context)
        #expect(got.squads == [SquadDefinition(name: "diggers", units: [9, 10])])
        #expect(got.orderSet.orders == [Order(units: [9, 10], action: .mine, target: .landmark("the gap"))], "\(got.orderSet.error ?? "")")
        #expect(resolver.resolve("call 9 10 diggers mine", in: context).isError, "a name is still one word")
    }

    @Test("a pronoun for the units of the clause before: its order follows, and the notes say who")
    func pronounClause() {
        let got = resolver.resolve("get the tanks to the gap and tell them to hold", in: context)
        #expect(got.orderSet.orders == [
            Order(units: [3, 4], action: .move, target: .landmark("the gap")),
            Order(units: [3, 4], action: .hold, queued: true),
        ], "\(got.orderSet.error ?? "")")
        #expect(got.notes == ["read \"them\" as tank 3 and tank 4"])
        // With units selected, "them" stays the selection, as it always read.
        let selected = LLMTestSupport.context(selection: [5, 6])
        #expect(orders("have them hold", selected) == [Order(units: [5, 6], action: .hold)])
    }

    @Test("\"heal each other\": each medic heals another, and the notes say who heals whom")
    func healEachOther() {
        let got = resolver.resolve("medics heal each other", in: context)
        #expect(got.orderSet.orders == [
            Order(units: [7], action: .heal, target: .unit(8)), Order(units: [8], action: .heal, target: .unit(7)),
        ], "\(got.orderSet.error ?? "")")
        #expect(got.notes == ["shared out: 7 heals medic 8, 8 heals medic 7 (the most hurt first)"])
        #expect(resolver.resolve("medic 7 heal each other", in: context).isError)
    }

    @Test("typos read by their place: a number word where a number is expected, a phrase's word, scrambled letters", arguments: [
        ("sniper siz face south", Order(units: [6], action: .face, target: .direction(.south)), "read \"siz\" as \"six\""),
        ("units one and tow go north", Order(units: [1, 2], action: .move, target: .direction(.north)), "read \"tow\" as \"two\""),
        ("engineers lay mins at the gap", Order(units: [9, 10], action: .mine, target: .landmark("the gap")), "read \"mins\" as \"mines\""),
        ("sctous go north", Order(units: [1, 2], action: .move, target: .direction(.north)), "read \"sctous\" as \"scouts\""),
        // "west" is also a word of "west ridge" and "west woods": still the direction.
        ("scouts go wset", Order(units: [1, 2], action: .move, target: .direction(.west)), "read \"wset\" as \"west\""),
    ])
    func typosInContext(text: String, expected: Order, note: String) {
        let got = resolver.resolve(text, in: context)
        #expect(got.orderSet.orders == [expected], "\(text): \(got.orderSet.error ?? "")")
        #expect(got.notes == [note])
    }

    @Test("a short word is not corrected where no number is expected")
    func shortWordNotCorrected() {
        #expect(resolver.resolve("tanks siz the gap", in: context).isError)
    }
}
