import FoglineSim

/// Which part of the map the battlefield shows: one map cell per screen cell.
///
/// The camera either follows a focus point (the centroid of the player's units) or
/// stays where the player scrolled it. It is always clamped: a map larger than the
/// view never shows space beyond its edges, and a map smaller than the view is
/// centred in it.
public struct Camera: Hashable, Sendable {
    /// The map cell shown at the view's top-left corner (negative when a small map is centred).
    public var originX: Int
    public var originY: Int
    /// Whether `update` recentres on the focus.
    public var following: Bool

    public init(originX: Int = 0, originY: Int = 0, following: Bool = true) {
        self.originX = originX
        self.originY = originY
        self.following = following
    }

    /// Recentres on `focus` when following, then clamps to the map.
    ///
    /// Following moves only when the focus leaves the middle half of the view, so the
    /// picture does not shift with every step a unit takes.
    public mutating func update(focus: FoglineSim.Cell?, mapWidth: Int, mapHeight: Int, viewWidth: Int, viewHeight: Int) {
        if following, let focus {
            originX = Camera.follow(origin: originX, focus: Int(focus.x), view: viewWidth)
            originY = Camera.follow(origin: originY, focus: Int(focus.y), view: viewHeight)
        }
        clamp(mapWidth: mapWidth, mapHeight: mapHeight, viewWidth: viewWidth, viewHeight: viewHeight)
    }

    /// Moves the view by whole cells and stops following.
    public mutating func scroll(dx: Int, dy: Int, mapWidth: Int, mapHeight: Int, viewWidth: Int, viewHeight: Int) {
        following = false
        originX += dx
        originY += dy
        clamp(mapWidth: mapWidth, mapHeight: mapHeight, viewWidth: viewWidth, viewHeight: viewHeight)
    }

    /// Centres the view on a cell (and stops following).
    public mutating func center(on cell: FoglineSim.Cell, mapWidth: Int, mapHeight: Int, viewWidth: Int, viewHeight: Int) {
        following = false
        originX = Int(cell.x) - viewWidth / 2
        originY = Int(cell.y) - viewHeight / 2
        clamp(mapWidth: mapWidth, mapHeight: mapHeight, viewWidth: viewWidth, viewHeight: viewHeight)
    }

    /// Keeps the view on the map: edges flush, or the map centred when it is smaller.
    public mutating func clamp(mapWidth: Int, mapHeight: Int, viewWidth: Int, viewHeight: Int) {
        originX = Camera.clamp(originX, map: mapWidth, view: viewWidth)
        originY = Camera.clamp(originY, map: mapHeight, view: viewHeight)
    }

    /// The screen offset of a map cell inside the view.
    @inlinable public func screen(of cell: FoglineSim.Cell) -> (x: Int, y: Int) {
        (Int(cell.x) - originX, Int(cell.y) - originY)
    }

    /// The map cell under a point of the view.
    @inlinable public func mapCell(atViewX x: Int, y: Int) -> FoglineSim.Cell {
        FoglineSim.Cell(x: x + originX, y: y + originY)
    }

    static func clamp(_ origin: Int, map: Int, view: Int) -> Int {
        if map <= view { return -((view - map) / 2) }
        return min(max(origin, 0), map - view)
    }

    static func follow(origin: Int, focus: Int, view: Int) -> Int {
        guard view > 0 else { return origin }
        let margin = view / 4
        let local = focus - origin
        if local < margin || local >= view - margin { return focus - view / 2 }
        return origin
    }
}
