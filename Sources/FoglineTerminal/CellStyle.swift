/// How one screen cell looks: colour roles and attributes.
public struct CellStyle: Hashable, Sendable {
    public var foreground: ColorRole
    public var background: ColorRole
    public var attributes: CellAttributes

    @inlinable public init(
        foreground: ColorRole = .normal, background: ColorRole = .normal, attributes: CellAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's default look.
    public static let plain = CellStyle()

    /// A plain style with only a foreground role.
    @inlinable public static func fg(_ role: ColorRole, _ attributes: CellAttributes = []) -> CellStyle {
        CellStyle(foreground: role, attributes: attributes)
    }

    /// This style with more attributes.
    @inlinable public func adding(_ more: CellAttributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(more)
        return copy
    }

    /// This style on another background.
    @inlinable public func on(_ background: ColorRole) -> CellStyle {
        var copy = self
        copy.background = background
        return copy
    }

    /// The style without any colour, for monochrome terminals.
    @inlinable public var withoutColor: CellStyle {
        CellStyle(attributes: attributes)
    }
}

/// Text attributes of a cell.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let reverse = CellAttributes(rawValue: 1 << 2)
    public static let underline = CellAttributes(rawValue: 1 << 3)

    /// Names in a fixed order, for snapshot legends.
    public var names: [String] {
        var out: [String] = []
        if contains(.bold) { out.append("bold") }
        if contains(.dim) { out.append("dim") }
        if contains(.reverse) { out.append("reverse") }
        if contains(.underline) { out.append("underline") }
        return out
    }
}
