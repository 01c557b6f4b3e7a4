import Foundation

extension FoglineBinary {
    /// A copy of the shipped `duel` map with a low score limit, so bot matches on it end
    /// (with a result) in well under a minute of game time. Returns its path.
    static func shortDuel(scoreLimit: Int = 30) throws -> String {
        let path = PlayVerifyTests.scratchFile("duel-limit-\(scoreLimit)-\(UUID().uuidString.prefix(6)).toml")
        let duel = try String(contentsOf: packageRoot.appendingPathComponent("maps/duel.toml"), encoding: .utf8)
        try duel.replacingOccurrences(of: "name = \"Duel\"", with: "name = \"Duel\"\nscore_limit = \(scoreLimit)")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
