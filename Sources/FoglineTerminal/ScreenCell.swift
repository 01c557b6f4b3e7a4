/// One character cell of the screen: what is drawn there and how it looks.
///
/// (Named `ScreenCell`, not `Cell`, because `FoglineSim.Cell` is a map cell and the
/// front uses both.) A wide character (CJK, most emoji) fills two cells: the first
/// holds it, the second is a `continuation` that draws nothing by itself.
public struct ScreenCell: Hashable, Sendable {
    /// The grapheme shown; a space for empty cells.
    public var character: Character
    public var style: CellStyle
    /// The right half of a wide character drawn in the cell to the left.
    public var isContinuation: Bool

    @inlinable public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
        self.isContinuation = false
    }

    /// An empty cell in the default style.
    public static let blank = ScreenCell()

    /// The right half of a wide character.
    @inlinable public static func continuation(style: CellStyle) -> ScreenCell {
        var cell = ScreenCell(" ", style: style)
        cell.isContinuation = true
        return cell
    }
}
