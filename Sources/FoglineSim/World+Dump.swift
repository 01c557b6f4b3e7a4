/// A readable picture of the whole state, for desync reports.
///
/// Two peers whose hashes disagree each write this for the same frame; a line diff of
/// the two files shows which unit, node or counter went its own way. Everything that
/// feeds `stateHash` appears here, one unit, node or mine per line.
extension World {
    /// The state as JSON text, keys in a fixed order, one entity per line.
    public var stateDump: String {
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"frame\": \(frame),")
        lines.append("  \"hash\": \"\(stateHash.hex16)\",")
        lines.append("  \"seed\": \(seed),")
        lines.append("  \"random_state\": \(random.state),")
        lines.append("  \"scores\": [\(scores.map(String.init).joined(separator: ", "))],")
        lines.append("  \"mine_serial\": \(mineSerial),")
        let resultText = result.map { "{\"winner\": \($0.winner), \"reason\": \"\($0.reason.rawValue)\", \"frame\": \($0.frame)}" }
        lines.append("  \"result\": \(resultText ?? "null"),")
        lines.append("  \"stats\": [")
        lines.append(
            stats.map {
                "    {\"kills\": \($0.kills), \"losses\": \($0.losses), \"shots\": \($0.shots), \"hits\": \($0.hits), "
                    + "\"damage\": \($0.damage), \"captures\": \($0.captures), \"mines_laid\": \($0.minesLaid)}"
            }.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"units\": [")
        lines.append(units.map { "    " + $0.dumpLine }.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"nodes\": [")
        lines.append(
            nodes.enumerated().map { index, node in
                "    {\"node\": \(index), \"owner\": \(node.owner), \"capturer\": \(node.capturer), "
                    + "\"progress\": \(node.progress), \"contested\": \(node.contested)}"
            }.joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"mines\": [")
        lines.append(
            mines.map { "    {\"owner\": \($0.owner), \"x\": \($0.position.x), \"y\": \($0.position.y), \"serial\": \($0.serial)}" }
                .joined(separator: ",\n"))
        lines.append("  ],")
        lines.append("  \"enemy_visible\": [\(enemyVisible.map(String.init).joined(separator: ", "))]")
        lines.append("}")
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    /// Changes one unit's health by one point, so the hash no longer matches a peer's.
    ///
    /// Only the test flag that forces a desync calls this; the rules never do.
    public mutating func perturbForTesting() {
        guard let index = units.firstIndex(where: \.isAlive) else {
            random = WorldRandom(seed: random.state ^ 1)
            return
        }
        units[index].health += 1
    }
}

extension Unit {
    /// One line of `World.stateDump`.
    var dumpLine: String {
        let order = orders.first.map { "\"\($0.action.rawValue)\"" } ?? "null"
        return "{\"id\": \(id), \"owner\": \(owner), \"number\": \(number), \"type\": \"\(archetype.rawValue)\", "
            + "\"x\": \(position.x), \"y\": \(position.y), \"facing\": [\(facing.x), \(facing.y)], "
            + "\"health\": \(health), \"reload\": \(reload), \"respawn_in\": \(respawnIn), \"order\": \(order), "
            + "\"orders\": \(orders.count), \"path\": \(path.count), \"path_index\": \(pathIndex), "
            + "\"repath_in\": \(repathIn), \"work\": \(workFrames), \"kills\": \(kills), \"deaths\": \(deaths)}"
    }
}
