import FoglineSim

/// Turns English into orders on this machine, in well under a millisecond.
///
/// It reads against one player's view: own units, the map's names, the enemies in
/// sight, the squads and selection the client keeps. It never guesses: anything
/// ambiguous or unknown is an error with suggestions and no orders.
public struct OfflineResolver: Sendable {
    public init() {}

    public func resolve(_ text: String, in context: ResolverContext) -> Resolution {
        guard text.utf8.count <= 512 else { return .failure("that command is too long (512 bytes at most)") }
        var parser = CommandParser(context: context)
        return parser.parse(text)
    }
}
