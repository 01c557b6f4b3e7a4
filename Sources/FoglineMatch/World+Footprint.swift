import FoglineSim

extension World {
    /// About how many bytes a copy of this world holds on its own: the struct, its arrays
    /// and every unit's orders and path. The map is shared by every copy and not counted.
    ///
    /// An estimate for memory budgets (array headers and allocator rounding are
    /// approximated), not an exact measure.
    public var estimatedBytes: Int {
        let arrayHeader = 32
        func array<T>(_ count: Int, _: T.Type) -> Int { arrayHeader + count * MemoryLayout<T>.stride }
        var total = MemoryLayout<World>.size
        total += array(units.count, Unit.self)
        for unit in units {
            total += array(unit.orders.count, UnitOrder.self) + array(unit.path.count, Cell.self)
        }
        total += array(nodes.count, NodeState.self) + array(mines.count, Mine.self)
        total += array(scores.count, Int32.self) + array(stats.count, PlayerStats.self)
        total += arrayHeader + explored.reduce(0) { $0 + array($1.count, UInt64.self) }
        total += array(enemyVisible.count, UInt32.self) + array(events.count, WorldEvent.self)
        return total
    }
}
