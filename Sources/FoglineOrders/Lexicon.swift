import FoglineSim

/// The words the offline resolver knows: actions, archetypes, numbers, directions,
/// and the filler it may skip. All lower case.
enum Lexicon {
    /// Verb phrases, longest first when matched, with the action each stands for.
    static let actionPhrases: [([String], OrderAction)] = {
        let table: [(String, OrderAction)] = [
            ("attack move", .attackMove), ("attack-move", .attackMove), ("attackmove", .attackMove),
            ("assault", .attackMove), ("push", .attackMove), ("push to", .attackMove), ("sweep", .attackMove),
            ("advance on", .attackMove), ("fight to", .attackMove), ("fight your way to", .attackMove),
            ("move", .move), ("go", .move), ("go to", .move), ("head", .move), ("walk", .move), ("run", .move),
            ("travel", .move), ("proceed", .move), ("advance", .move), ("get to", .move), ("get over to", .move),
            ("rush", .move), ("hurry", .move), ("moving", .move), ("flank", .move), ("scout", .move),
            ("relocate", .move), ("reposition", .move), ("come", .move),
            ("roll", .move), ("roll to", .move), ("roll out to", .move), ("head over", .move), ("head over to", .move),
            ("swing by", .move), ("check out", .move), ("go check out", .move), ("fight their way to", .attackMove),
            ("fight our way to", .attackMove), ("clear out", .attackMove), ("storm", .attackMove),
            ("focus", .attack), ("focus fire", .attack), ("focus on", .attack), ("focus fire on", .attack),
            ("park", .hold), ("park at", .hold), ("park on", .hold),
            ("scram", .retreat), ("bail", .retreat), ("get out", .retreat), ("get back", .retreat), ("fall back to", .retreat),
            ("attack", .attack), ("kill", .attack), ("shoot", .attack), ("shoot at", .attack), ("fire at", .attack),
            ("fire on", .attack), ("engage", .attack), ("destroy", .attack), ("hit", .attack), ("take out", .attack),
            ("target", .attack), ("hunt", .attack), ("hunt down", .attack), ("charge", .attack), ("snipe", .attack),
            ("hold", .hold), ("hold position", .hold), ("hold at", .hold), ("defend", .hold), ("guard", .hold),
            ("stay", .hold), ("stay at", .hold), ("stay put", .hold), ("camp", .hold), ("secure", .hold),
            ("dig in", .hold), ("sit", .hold), ("wait", .hold), ("hold the line", .hold), ("protect", .hold),
            ("patrol", .patrol), ("patrolling", .patrol),
            ("stop", .stop), ("cease fire", .stop), ("hold fire", .stop), ("stop firing", .stop), ("halt", .stop), ("freeze", .stop), ("cease", .stop), ("stand down", .stop),
            ("cancel", .stop),
            ("retreat", .retreat), ("fall back", .retreat), ("pull back", .retreat), ("withdraw", .retreat),
            ("run away", .retreat), ("flee", .retreat), ("back off", .retreat), ("retreating", .retreat),
            ("face", .face), ("turn", .face), ("look", .face), ("turn to", .face), ("look to", .face),
            ("watch", .face), ("turn to face", .face),
            ("follow", .follow), ("escort", .follow), ("accompany", .follow), ("shadow", .follow),
            ("stay with", .follow), ("stick with", .follow), ("cover", .follow), ("tail", .follow),
            ("capture", .capture), ("take", .capture), ("seize", .capture), ("grab", .capture), ("claim", .capture),
            ("conquer", .capture), ("occupy", .capture), ("take over", .capture), ("cap", .capture),
            ("heal", .heal), ("patch up", .heal), ("treat", .heal), ("fix up", .heal), ("tend to", .heal),
            ("support", .heal), ("repair", .heal), ("heal up", .heal),
            ("mine", .mine), ("lay mines", .mine), ("lay mines at", .mine), ("lay a mine", .mine),
            ("plant mines", .mine), ("plant a mine", .mine), ("drop mines", .mine), ("lay mines on", .mine),
            ("plant mines at", .mine), ("plant mines on", .mine), ("mine up", .mine), ("booby trap", .mine),
            // Everyday English for the same orders.
            ("hide", .move), ("mosey", .move), ("take a look at", .move), ("have a look at", .move),
            ("sit tight", .hold), ("hunker down", .hold), ("post up", .hold),
            ("tag along", .follow), ("tag along with", .follow),
            ("nab", .capture), ("snag", .capture), ("gun down", .attack), ("pick off", .attack),
            ("put a mine", .mine), ("put mines", .mine), ("back and forth", .patrol),
        ]
        return table.map { (phrase: $0.0.split(separator: " ").map(String.init), action: $0.1) }
            .sorted { $0.phrase.count > $1.phrase.count }
    }()

    /// Verbs that mean another order when nothing follows them: "scouts clear out" leave,
    /// "clear out the mill" attack-moves there.
    static let withoutObject: [String: OrderAction] = ["clear out": .retreat]

    /// Archetype words, singular and plural, with synonyms.
    static let archetypeWords: [String: (Archetype, plural: Bool)] = {
        var words: [String: (Archetype, Bool)] = [:]
        let table: [(Archetype, [String], [String])] = [
            (.scout, ["scout", "runner", "spotter"], ["scouts", "recon", "recons", "runners", "spotters"]),
            (.tank, ["tank", "heavy", "tanker"], ["tanks", "heavies", "armor", "armour", "armors", "armours", "tankers"]),
            (.sniper, ["sniper", "marksman", "sharpshooter", "rifleman"],
             ["snipers", "marksmen", "sharpshooters", "riflemen"]),
            (.medic, ["medic", "healer", "doctor", "doc", "medic's"], ["medics", "healers", "doctors", "docs"]),
            (.engineer, ["engineer", "sapper", "engie", "engy", "builder", "miner"],
             ["engineers", "sappers", "engies", "engys", "builders", "miners"]),
        ]
        for (type, singulars, plurals) in table {
            for w in singulars { words[w] = (type, false) }
            for w in plurals { words[w] = (type, true) }
        }
        return words
    }()

    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3, "fourth": 4,
        "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    ]

    static let compassWords: [String: CompassDirection] = [
        "north": .north, "n": .north, "northern": .north, "northward": .north, "northwards": .north,
        "south": .south, "s": .south, "southern": .south, "southward": .south, "southwards": .south,
        "east": .east, "e": .east, "eastern": .east, "eastward": .east, "eastwards": .east,
        "west": .west, "w": .west, "western": .west, "westward": .west, "westwards": .west,
        "northeast": .northeast, "ne": .northeast, "northwest": .northwest, "nw": .northwest,
        "southeast": .southeast, "se": .southeast, "southwest": .southwest, "sw": .southwest,
        "up": .north, "down": .south, "left": .west, "right": .east,
    ]

    /// Words meaning "every unit".
    static let everyone: Set<String> = ["all", "everyone", "everybody", "everything", "army", "team", "squad", "units", "troops", "guys", "forces"]
    /// Words meaning "the selected units".
    static let selectionWords: Set<String> = ["them", "these", "those", "selected", "selection", "they", "it", "him", "her"]
    static let exceptWords: Set<String> = ["except", "but", "minus", "excluding", "besides", "save", "without"]
    static let unitWords: Set<String> = ["unit", "units", "number", "no", "#"]
    static let enemyWords: Set<String> = ["enemy", "enemies", "hostile", "hostiles", "foe", "foes", "their", "opponent", "opponent's", "enemy's"]
    static let nearestWords: Set<String> = ["nearest", "closest", "near", "close", "nearby"]
    static let facingWords: Set<String> = ["facing", "looking", "pointing", "watching", "aimed", "aiming", "oriented"]
    static let ownBaseWords: [[String]] = [["our", "base"], ["my", "base"], ["own", "base"], ["home", "base"], ["home"], ["base"], ["the", "base"], ["headquarters"], ["hq"], ["spawn"]]
    static let enemyBaseWords: [[String]] = [["enemy", "base"], ["their", "base"], ["the", "enemy", "base"], ["enemy's", "base"], ["enemy", "hq"], ["enemy", "spawn"]]
    static let forwardWords: Set<String> = ["forward", "forwards", "ahead", "onward", "onwards"]
    static let backWords: Set<String> = ["back", "backward", "backwards", "behind"]
    static let squadDefiners: Set<String> = ["call", "name", "group", "label", "designate"]

    /// Words that carry no meaning for orders: politeness, articles, prepositions.
    static let filler: Set<String> = [
        "please", "pls", "plz", "now", "quickly", "quick", "fast", "immediately", "asap", "ok", "okay", "hey", "yo",
        "the", "a", "an", "to", "at", "towards", "toward", "into", "in", "on", "onto", "over", "by", "of",
        "i", "want", "need", "you", "can", "could", "would", "will", "should", "must", "lets", "let's", "let", "us",
        "go", "ahead", "and", "just", "right", "away", "there", "here", "position", "positions", "area", "spot",
        "guys", "team", "also", "too", "kindly", "then", "thanks", "thank", "me", "your", "yourselves", "up",
        "around", "near", "side", "sir", "folks", "over", "there's", "carefully", "slowly", "from", "for", "is",
        "are", "be", "do", "get", "make", "sure", "some", "straight", "all", "way", "out", "cell", "point", "location",
        "tile", "square", "coordinates", "coords", "it", "its", "my", "our", "doing", "again", "stuff", "that",
    ]
}
