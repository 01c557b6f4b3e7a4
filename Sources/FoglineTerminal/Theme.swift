import FoglineSim

/// The styles of everything the views draw, for one set of terminal capabilities.
///
/// Views ask the theme rather than naming roles and attributes themselves, so the
/// monochrome look (attributes only: bold, dim, reverse, underline) is decided in
/// one place and every distinction a colour makes has a shape or attribute too.
public struct Theme: Sendable {
    public let capabilities: TerminalCapabilities
    public let glyphs: GlyphSet

    public init(capabilities: TerminalCapabilities) {
        self.capabilities = capabilities
        self.glyphs = GlyphSet.forCapabilities(capabilities)
    }

    /// A style, with its colours dropped on monochrome terminals.
    @inlinable public func style(_ fg: ColorRole, _ attributes: CellAttributes = [], on bg: ColorRole = .normal)
        -> CellStyle
    {
        capabilities.colors
            ? CellStyle(foreground: fg, background: bg, attributes: attributes)
            : CellStyle(attributes: attributes)
    }

    public var plain: CellStyle { .plain }
    public var title: CellStyle { style(.frame, .bold) }
    public var frame: CellStyle { style(.frame) }
    public var muted: CellStyle { style(.muted, .dim) }
    public var accent: CellStyle { style(.accent, .bold) }
    public var good: CellStyle { style(.good) }
    public var warning: CellStyle { style(.warning, .bold) }
    public var danger: CellStyle { style(.danger, .bold) }

    /// Terrain in sight: its colour, on the cone tint.
    public func visibleTerrain(_ t: Terrain) -> CellStyle {
        style(Theme.role(of: t), on: .visible)
    }

    /// Terrain once seen: dim and grey.
    public func exploredTerrain(_ t: Terrain) -> CellStyle {
        style(.explored, .dim)
    }

    /// A team's colour; on monochrome terminals `bold` marks the side in front.
    public func team(_ player: Int, bold: Bool = true) -> CellStyle {
        style(.team(player), bold ? .bold : [])
    }

    /// A unit on the battlefield; a selected one is shown in reverse video.
    public func unit(owner: Int, selected: Bool, inSight: Bool) -> CellStyle {
        var attributes: CellAttributes = .bold
        if selected { attributes.insert(.reverse) }
        return style(.team(owner), attributes, on: inSight && !selected ? .visible : .normal)
    }

    /// A capture node's letter: reverse video in its owner's colour. Without colour an
    /// owned node is underlined too, and the player's own nodes are also bold.
    public func node(owner: Int, perspective: Int?) -> CellStyle {
        var attributes: CellAttributes = .reverse
        if !capabilities.colors && owner != 0 {
            attributes.insert(.underline)
            if owner == perspective { attributes.insert(.bold) }
        }
        return style(owner == 0 ? .neutral : .team(owner), attributes)
    }

    /// The ring that fills around a node while a side captures it.
    public func captureProgress(by player: Int) -> CellStyle {
        style(.team(player), .bold, on: .visible)
    }

    /// A health bar's colour by the fraction of health left.
    public func health(fraction permille: Int) -> CellStyle {
        if permille > 600 { return style(.good) }
        if permille > 300 { return style(.warning) }
        return style(.danger, .bold)
    }

    /// The colour role of a terrain type in sight.
    public static func role(of t: Terrain) -> ColorRole {
        switch t {
        case .open: return .openGround
        case .rock: return .rock
        case .water: return .water
        case .forest: return .forest
        case .road: return .road
        case .bridge: return .bridge
        }
    }
}
