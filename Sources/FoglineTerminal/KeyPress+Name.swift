/// Key names as keymap files spell them: "q", "?", "ctrl-c", "F1", "shift-left", "pgup".
extension KeyPress {
    /// Names of keys that are not a single character, with their aliases.
    static let namedKeys: [(names: [String], key: Key)] = [
        (["enter", "return", "ret"], .enter),
        (["tab"], .tab),
        (["backspace", "bs"], .backspace),
        (["delete", "del"], .delete),
        (["insert", "ins"], .insert),
        (["esc", "escape"], .escape),
        (["up"], .up),
        (["down"], .down),
        (["left"], .left),
        (["right"], .right),
        (["home"], .home),
        (["end"], .end),
        (["pgup", "pageup"], .pageUp),
        (["pgdn", "pgdown", "pagedown"], .pageDown),
        (["space", "spc"], .character(" ")),
        // Characters that would be awkward inside a TOML string or are easy to misread.
        (["minus"], .character("-")),
        (["plus"], .character("+")),
        (["hash"], .character("#")),
        (["quote"], .character("\"")),
        (["backslash"], .character("\\")),
    ]

    static let modifierNames: [(name: String, modifier: KeyModifiers)] = [
        ("ctrl", .control), ("control", .control), ("alt", .alt), ("meta", .alt), ("shift", .shift),
    ]

    /// Reads a key name; throws a message saying what is wrong.
    ///
    /// Grammar: `[modifier-]...key`, modifiers `ctrl`, `alt` (or `meta`), `shift`,
    /// case-insensitive; the key a single character or a name (`enter`, `tab`,
    /// `backspace`, `delete`, `insert`, `esc`, `up`, `down`, `left`, `right`, `home`,
    /// `end`, `pgup`, `pgdn`, `space`, `F1`...`F24`). `ctrl-` goes with letters and
    /// with non-character keys only. A lone `-` is the minus key.
    public init(name raw: String) throws(KeyNameError) {
        let name = raw.trimmingSpaces
        guard !name.isEmpty else { throw KeyNameError("empty key name") }
        var modifiers: KeyModifiers = []
        var rest = Substring(name)
        // Peel "mod-" prefixes; a trailing "-" belongs to the key itself ("ctrl--" is ctrl and minus).
        while let dash = rest.firstIndex(of: "-"), dash != rest.startIndex, rest.index(after: dash) != rest.endIndex {
            let word = rest[rest.startIndex..<dash].lowercased()
            guard let mod = KeyPress.modifierNames.first(where: { $0.name == word })?.modifier else { break }
            guard !modifiers.contains(mod) else { throw KeyNameError("modifier '\(word)' given twice in '\(name)'") }
            modifiers.insert(mod)
            rest = rest[rest.index(after: dash)...]
        }
        let keyName = String(rest)
        let key: Key
        if keyName.count == 1, let c = keyName.first {
            guard CharacterWidth.of(c) > 0 else { throw KeyNameError("'\(name)' is not a key that can be typed") }
            key = .character(c)
        } else if let named = KeyPress.namedKeys.first(where: { $0.names.contains(keyName.lowercased()) }) {
            key = named.key
        } else if let n = KeyPress.functionNumber(keyName) {
            key = .function(n)
        } else {
            throw KeyNameError("unknown key name '\(name)'")
        }
        if case .character(let c) = key {
            if modifiers.contains(.control) && !(c.isASCII && c.isLetter) {
                throw KeyNameError("'\(name)': ctrl- goes with a letter or a named key, not '\(c)'")
            }
            // A terminal sends these ctrl-letters as the very codes of tab, enter and backspace.
            if modifiers == .control, let same = ["i": "tab", "m": "enter", "j": "enter"][c.lowercased()] {
                throw KeyNameError("'\(name)' reaches programs as '\(same)'; bind '\(same)' instead")
            }
            if modifiers.contains(.shift) {
                let hint = c.isLetter ? " (write '\(c.uppercased())' for a capital)" : ""
                throw KeyNameError("'\(name)': shift- goes with named keys only\(hint)")
            }
        }
        self.init(key, modifiers)
    }

    private static func functionNumber(_ s: String) -> Int? {
        guard s.count >= 2, s.first == "f" || s.first == "F", let n = Int(s.dropFirst()), (1...24).contains(n),
            !s.dropFirst().hasPrefix("0")
        else { return nil }
        return n
    }

    /// The canonical name, as the help overlay shows it: "ctrl-c", "F1", "shift-left", "?".
    public var name: String {
        var prefix = ""
        if modifiers.contains(.control) { prefix += "ctrl-" }
        if modifiers.contains(.alt) { prefix += "alt-" }
        if modifiers.contains(.shift) { prefix += "shift-" }
        return prefix + KeyPress.keyName(key)
    }

    static func keyName(_ key: Key) -> String {
        switch key {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .enter: return "enter"
        case .tab: return "tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .insert: return "insert"
        case .escape: return "esc"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A key name that cannot be read.
public struct KeyNameError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
