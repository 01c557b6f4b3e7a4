import CNCurses

/// Reading keys without blocking.
extension CursesScreen {
    /// The next key, resize or mouse click, or nil when none is waiting.
    ///
    /// Escape followed at once by another key reads as alt plus that key (that is how
    /// terminals send alt); escape alone is `esc`. Keys the front does not know are
    /// skipped.
    public func readKey() -> KeyEvent? {
        guard isActive else { return nil }
        // A few unknown keys in a row are skipped, but never loop forever.
        for _ in 0..<16 {
            guard let (isKeyCode, code) = readRaw() else { return nil }
            if let event = decode(isKeyCode: isKeyCode, code: code) { return event }
        }
        return nil
    }

    private func readRaw() -> (Bool, UInt32)? {
        var wch: wint_t = 0
        let result = wget_wch(fogline_stdscr(), &wch)
        if result == ERR { return nil }
        return (result == fogline_key_code_yes(), UInt32(wch))
    }

    private func decode(isKeyCode: Bool, code: UInt32) -> KeyEvent? {
        if isKeyCode {
            let keyCode = Int32(bitPattern: code)
            if keyCode == fogline_key_resize() {
                invalidate()
                return .resize
            }
            if keyCode == fogline_key_mouse() {
                var x: Int32 = 0, y: Int32 = 0, button: Int32 = 0
                guard fogline_get_mouse(&x, &y, &button) == 0 else { return nil }
                let buttons: [Int32: MouseClick.Button] = [1: .left, 2: .middle, 3: .right, 4: .wheelUp, 5: .wheelDown]
                guard let b = buttons[button] else { return nil }
                return .mouse(MouseClick(x: Int(x), y: Int(y), button: b))
            }
            return keyTable.press(forKeyCode: keyCode).map { .press($0) }
        }
        guard let press = KeyTable.press(forCharacter: code) else { return nil }
        if press.key == .escape, let (nextIsKeyCode, next) = readRaw() {
            // ESC then a key straight away: alt and that key.
            let inner = nextIsKeyCode
                ? keyTable.press(forKeyCode: Int32(bitPattern: next)) : KeyTable.press(forCharacter: next)
            guard var alt = inner else { return .press(press) }
            alt.modifiers.insert(.alt)
            return .press(KeyPress(alt.key, alt.modifiers))
        }
        return .press(press)
    }
}
