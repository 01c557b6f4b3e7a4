import FoglineSim

/// The default keymap built in, for when no `keymaps/default.toml` is installed (the
/// file itself, built into the binary by the EmbedData plugin).
extension Keymap {
    /// `keymaps/default.toml`, built in.
    public static let builtIn: Keymap =
        (try? Keymap.parse(text: builtInText, file: "<built-in default keymap>", name: "default"))
        ?? Keymap(name: "default", bindings: [])

    /// The text of `keymaps/default.toml`, built into the binary (`BuiltInData`).
    static var builtInText: String { BuiltInData.keymaps.first { $0.name == "default" }?.text ?? "" }
}
