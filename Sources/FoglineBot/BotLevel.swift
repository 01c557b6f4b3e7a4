/// How hard the built-in bot plays.
public enum BotLevel: String, Sendable, CaseIterable {
    /// Thinks twice a second less often, moves as one blob, never pulls back.
    case easy
    /// Splits into roles, focuses fire, pulls hurt units back, mines held nodes.
    case normal
}
