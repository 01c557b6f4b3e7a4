/// Which keys do what: loaded from a TOML file in `keymaps/` (see `keymaps/README.md`).
///
/// The focus rule: while the prompt has focus, printable keys (letters, digits,
/// punctuation, space; shifted or not) always type text, even when the keymap binds
/// them. Only non-printing keys (arrows, enter, tab, esc, backspace, F-keys, ...) and
/// keys pressed with ctrl or alt act. Without prompt focus (the replay viewer, the end
/// screen, vi's normal mode) every bound key acts. So `quit = ["ctrl-c", "q"]` quits
/// on ctrl-c everywhere and on `q` only where nothing is being typed, and a command
/// like "squad hold" can always be typed in full.
public struct Keymap: Sendable {
    /// The keymap's name (its file stem, or "default" for the built-in one).
    public let name: String
    /// The file it came from, if any.
    public let path: String?
    /// Every action that has keys, with its keys in the order the file gives them.
    public let bindings: [(action: KeymapAction, keys: [KeyPress])]
    private let actionsByKey: [KeyPress: KeymapAction]

    /// A keymap from bindings; a key bound twice keeps its first action (files reject that instead).
    public init(name: String, path: String? = nil, bindings: [(action: KeymapAction, keys: [KeyPress])]) {
        self.name = name
        self.path = path
        self.bindings = bindings
        var byKey: [KeyPress: KeymapAction] = [:]
        for (action, keys) in bindings {
            for key in keys where byKey[key] == nil { byKey[key] = action }
        }
        actionsByKey = byKey
    }

    /// The action a key press triggers, following the focus rule.
    public func action(for press: KeyPress, promptFocused: Bool) -> KeymapAction? {
        if promptFocused && press.isPrintable { return nil }
        return actionsByKey[press]
    }

    /// The action bound to a key, ignoring focus.
    public func action(boundTo press: KeyPress) -> KeymapAction? {
        actionsByKey[press]
    }

    /// The keys bound to an action, in file order.
    public func keys(for action: KeymapAction) -> [KeyPress] {
        bindings.first { $0.action == action }?.keys ?? []
    }

    /// The first key of an action by name, for hints like "press q to quit" ("" when unbound).
    public func keyName(for action: KeymapAction) -> String {
        keys(for: action).first?.name ?? ""
    }
}
