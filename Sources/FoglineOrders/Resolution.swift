import FoglineSim

/// What a line of text became: orders (or an error with suggestions), squads it
/// named, and who understood it.
public struct Resolution: Sendable, Equatable {
    public var orderSet: OrderSet
    /// Squads the text defined ("call 1 2 3 alpha"); the client keeps them.
    public var squads: [SquadDefinition]
    public var source: Source
    /// Things worth telling the player (a fallback, a dropped order).
    public var notes: [String]
    /// For an error: the words were understood, but the game is not in that state now
    /// (an enemy out of sight, nothing selected), so the line may work later.
    public var dependsOnState = false

    public enum Source: String, Sendable {
        case offline, llm, cache
        /// The LLM failed or was too slow; the offline resolver answered.
        case fallback
    }

    public init(orderSet: OrderSet, squads: [SquadDefinition] = [], source: Source = .offline, notes: [String] = []) {
        self.orderSet = orderSet
        self.squads = squads
        self.source = source
        self.notes = notes
    }

    public static func failure(_ message: String, suggestions: [String] = [], source: Source = .offline) -> Resolution {
        Resolution(orderSet: OrderSet(orders: [], error: message, suggestions: suggestions), source: source)
    }

    public var isError: Bool { orderSet.error != nil }
}

/// A squad name and its units.
public struct SquadDefinition: Sendable, Equatable {
    public var name: String
    public var units: [Int]
    public init(name: String, units: [Int]) {
        self.name = name
        self.units = units
    }
}
