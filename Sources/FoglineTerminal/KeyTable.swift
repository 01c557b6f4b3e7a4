import CNCurses

/// Curses key codes and the key presses they stand for.
///
/// The standard codes come from curses' own constants; modified arrows and the like
/// (shift-up, ctrl-left, alt-right) have no constants and are looked up by their
/// terminfo names once the terminal is known.
struct KeyTable {
    private(set) var presses: [Int32: KeyPress] = [:]

    /// The table for the current terminal (call after curses has started).
    init() {
        let standard: [(Int32, KeyPress)] = [
            (KEY_UP, KeyPress(.up)), (KEY_DOWN, KeyPress(.down)), (KEY_LEFT, KeyPress(.left)),
            (KEY_RIGHT, KeyPress(.right)), (KEY_HOME, KeyPress(.home)), (KEY_END, KeyPress(.end)),
            (KEY_PPAGE, KeyPress(.pageUp)), (KEY_NPAGE, KeyPress(.pageDown)), (KEY_IC, KeyPress(.insert)),
            (KEY_DC, KeyPress(.delete)), (KEY_BACKSPACE, KeyPress(.backspace)), (KEY_ENTER, KeyPress(.enter)),
            (KEY_BTAB, KeyPress(.tab, .shift)), (KEY_SLEFT, KeyPress(.left, .shift)),
            (KEY_SRIGHT, KeyPress(.right, .shift)), (KEY_SHOME, KeyPress(.home, .shift)),
            (KEY_SEND, KeyPress(.end, .shift)), (KEY_SDC, KeyPress(.delete, .shift)),
            (KEY_SR, KeyPress(.up, .shift)), (KEY_SF, KeyPress(.down, .shift)),
            (KEY_A1, KeyPress(.home)), (KEY_C1, KeyPress(.end)), (KEY_A3, KeyPress(.pageUp)),
            (KEY_C3, KeyPress(.pageDown)),
        ]
        for (code, press) in standard { presses[code] = press }
        for n in 1...24 { presses[fogline_key_f(Int32(n))] = KeyPress(.function(n)) }
        // xterm's modifier numbers in terminfo names: 2 shift, 3 alt, 5 ctrl, 6 ctrl-shift.
        let keys: [(String, Key)] = [
            ("UP", .up), ("DN", .down), ("LFT", .left), ("RIT", .right), ("HOM", .home), ("END", .end),
            ("DC", .delete), ("IC", .insert), ("PRV", .pageUp), ("NXT", .pageDown),
        ]
        let modifiers: [(String, KeyModifiers)] = [
            ("", .shift), ("2", .shift), ("3", .alt), ("4", [.alt, .shift]), ("5", .control),
            ("6", [.control, .shift]), ("7", [.control, .alt]),
        ]
        for (name, key) in keys {
            for (suffix, mods) in modifiers {
                let code = fogline_extended_key_code("k\(name)\(suffix)")
                if code > 0, presses[code] == nil { presses[code] = KeyPress(key, mods) }
            }
        }
    }

    /// The press for a curses key code, if it is one the front knows.
    func press(forKeyCode code: Int32) -> KeyPress? {
        presses[code]
    }

    /// The press for a character code `wget_wch` returned.
    static func press(forCharacter code: UInt32) -> KeyPress? {
        switch code {
        case 9: return KeyPress(.tab)
        case 10, 13: return KeyPress(.enter)
        case 27: return KeyPress(.escape)
        case 127: return KeyPress(.backspace)
        case 0: return KeyPress(.character(" "), .control)
        case 1...26:
            // Ctrl-letters: 1 is ctrl-a; 8 is ctrl-h (some terminals' backspace).
            return KeyPress(.character(Character(Unicode.Scalar(UInt8(96 + code)))), .control)
        case 28...31:
            return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return KeyPress(.character(Character(scalar)))
        }
    }
}
