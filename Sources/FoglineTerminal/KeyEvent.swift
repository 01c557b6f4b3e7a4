/// Something the terminal reported: a key press, a resize, or a mouse click.
public enum KeyEvent: Hashable, Sendable {
    case press(KeyPress)
    /// The terminal changed size; `CursesScreen.size` has the new one.
    case resize
    /// A mouse button went down at a screen cell (0-based column and row).
    case mouse(MouseClick)

    /// A press of a key without modifiers.
    public static func key(_ key: Key) -> KeyEvent { .press(KeyPress(key)) }

    /// A press of a character (typed text).
    public static func character(_ c: Character) -> KeyEvent { .press(KeyPress(.character(c))) }
}

/// A mouse click at a screen cell.
public struct MouseClick: Hashable, Sendable {
    public enum Button: Hashable, Sendable {
        case left, middle, right, wheelUp, wheelDown
    }

    public var x: Int
    public var y: Int
    public var button: Button

    public init(x: Int, y: Int, button: Button) {
        self.x = x
        self.y = y
        self.button = button
    }
}

/// One key with its modifiers: what keymaps bind.
///
/// Ctrl-letters are the lower-case letter with `.control` ("ctrl-c"); shifted
/// characters are just the character ("Q", "?"), shift as a modifier only appears on
/// keys that have no shifted character (shift-left, shift-tab).
public struct KeyPress: Hashable, Sendable {
    public var key: Key
    public var modifiers: KeyModifiers

    public init(_ key: Key, _ modifiers: KeyModifiers = []) {
        // One spelling per key: ctrl-letters are lower case; letters never carry shift.
        if case .character(let c) = key, modifiers.contains(.control), c.isLetter {
            self.key = .character(Character(c.lowercased()))
        } else {
            self.key = key
        }
        var mods = modifiers
        if case .character = self.key { mods.remove(.shift) }
        self.modifiers = mods
    }

    /// Whether the press types text into the prompt: a printable character (space
    /// included) without ctrl or alt.
    public var isPrintable: Bool {
        guard case .character(let c) = key, modifiers.isDisjoint(with: [.control, .alt]) else { return false }
        return CharacterWidth.of(c) > 0
    }
}

/// Modifier keys held with a key.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let shift = KeyModifiers(rawValue: 1 << 0)
    public static let control = KeyModifiers(rawValue: 1 << 1)
    public static let alt = KeyModifiers(rawValue: 1 << 2)
}

/// A key on the keyboard.
public enum Key: Hashable, Sendable {
    /// A character key (letters, digits, punctuation, space, any Unicode text).
    case character(Character)
    case enter
    case tab
    case backspace
    case delete
    case insert
    case escape
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    /// F1...F24.
    case function(Int)
}
