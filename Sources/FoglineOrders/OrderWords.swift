import FoglineSim

/// The words the offline resolver knows, for a person to read (the help's word page):
/// each action with the phrases that mean it, and each unit type with its names.
public enum OrderWords {
    /// Each action (as the log writes it) with its phrases, shortest first.
    public static var actions: [(action: String, phrases: [String])] {
        OrderAction.allCases.map { action in
            let phrases = Lexicon.actionPhrases.filter { $0.1 == action }.map { $0.0.joined(separator: " ") }
            return (action == .attackMove ? "attack-move" : action.rawValue, phrases.sorted { ($0.count, $0) < ($1.count, $1) })
        }
    }

    /// Each unit type with the words that name it, singular first.
    public static var unitTypes: [(type: String, words: [String])] {
        Archetype.allCases.map { type in
            let words = Lexicon.archetypeWords.filter { $0.value.0 == type }
                .sorted { ($0.value.plural ? 1 : 0, $0.key.count, $0.key) < ($1.value.plural ? 1 : 0, $1.key.count, $1.key) }
            return (type.rawValue, words.map(\.key).filter { !$0.contains("'") })
        }
    }

    /// The words that mean every unit ("all", "everyone", ...).
    public static var everyone: [String] { Lexicon.everyone.sorted() }

    /// The compass words ("north", "ne", ...).
    public static var directions: [String] { Lexicon.compassWords.keys.sorted { ($0.count, $0) > ($1.count, $1) } }
}
