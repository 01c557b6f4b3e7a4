/// How many terminal columns a character takes: 0, 1 or 2.
///
/// A small table of its own (rather than the C library's `wcwidth`, which follows the
/// process locale) so that rendering is the same in tests and in every terminal.
public enum CharacterWidth {
    /// The columns `c` fills; control and zero-width characters count 0.
    public static func of(_ c: Character) -> Int {
        if let ascii = c.asciiValue {
            return ascii < 0x20 || ascii == 0x7F ? 0 : 1
        }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || v == 0x7F { return 0 }
        if v < 0x7F { return 1 }  // ASCII with combining marks ("e" + acute)
        if v < 0xA0 { return 0 }  // C1 controls
        if isZeroWidth(v) { return 0 }
        // An emoji with emoji presentation, or asked for it with VS16, is drawn two wide.
        if first.properties.isEmojiPresentation || scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(v) ? 2 : 1
    }

    /// The columns a whole string fills.
    public static func of(_ s: some StringProtocol) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    private static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x200B...0x200F).contains(v) || (0x2028...0x202E).contains(v) || (0x2060...0x2064).contains(v)
            || v == 0xFEFF || (0xFE00...0xFE0F).contains(v)
    }

    /// East Asian Wide and Fullwidth blocks.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
