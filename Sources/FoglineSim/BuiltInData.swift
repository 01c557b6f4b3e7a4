/// The shipped maps and keymaps, built into the binary (by the EmbedData build plugin,
/// from `maps/` and `keymaps/`): a binary copied anywhere still has them. Files found in
/// the searched folders come first; these fill in what none of them has.
public enum BuiltInData {
    /// Where a built-in file says it is, in place of a path: `(built in)/duel.toml`.
    public static let folder = "(built in)"

    /// The built-in map `name` (without `.toml`, any case), if there is one.
    public static func map(named name: String) -> String? {
        maps.first { $0.name.lowercased() == name.lowercased() }?.text
    }

    /// The pseudo-path of a built-in file.
    public static func path(of name: String) -> String { "\(folder)/\(name).toml" }

    /// The name in a pseudo-path made by `path(of:)`, or nil for a real path.
    public static func name(inPath path: String) -> String? {
        guard path.hasPrefix(folder + "/"), path.hasSuffix(".toml") else { return nil }
        return String(path.dropFirst(folder.count + 1).dropLast(5))
    }
}
