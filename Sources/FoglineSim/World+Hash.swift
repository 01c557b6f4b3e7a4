/// The 64-bit state hash: every field that decides what happens next, in a fixed order.
extension World {
    /// The hash peers, replays and tests compare. Cheap enough for every frame.
    public var stateHash: UInt64 {
        var h = StateHasher()
        h.mix(Int(Rules.version))
        h.mix(frame)
        h.mix(random.state)
        for u in units { u.mixState(into: &h) }
        for n in nodes {
            h.mix(n.owner)
            h.mix(n.capturer)
            h.mix(n.progress)
            h.mix(n.contested)
        }
        h.mix(mines.count)
        for m in mines {
            h.mix(m.owner)
            h.mix(m.position.x)
            h.mix(m.position.y)
            h.mix(m.serial)
        }
        h.mix(mineSerial)
        for s in scores { h.mix(s) }
        for s in stats {
            for v in [s.kills, s.losses, s.shots, s.hits, s.damage, s.captures, s.minesLaid] { h.mix(v) }
        }
        for bits in explored {
            for word in bits { h.mix(word) }
        }
        h.mix(UInt64(enemyVisible[0]) << 32 | UInt64(enemyVisible[1]))
        if let r = result {
            h.mix(r.winner)
            h.mix(MatchResult.Reason.allCases.firstIndex(of: r.reason)!)
            h.mix(r.frame)
        } else {
            h.mix(-1)
        }
        return h.value
    }
}

extension Unit {
    func mixState(into h: inout StateHasher) {
        h.mix(id)
        h.mix(position.x)
        h.mix(position.y)
        h.mix(facing.x)
        h.mix(facing.y)
        h.mix(health)
        h.mix(reload)
        h.mix(respawnIn)
        h.mix(repathIn)
        h.mix(workFrames)
        h.mix(heldFacing.map { Int($0.code) } ?? -1)
        h.mix(kills)
        h.mix(deaths)
        h.mix(pathIndex)
        h.mix(path.count)
        for c in path {
            h.mix(UInt64(UInt32(bitPattern: c.x)) << 32 | UInt64(UInt32(bitPattern: c.y)))
        }
        h.mix(orders.count)
        for o in orders { o.mixState(into: &h) }
    }
}

extension UnitOrder {
    func mixState(into h: inout StateHasher) {
        h.mix(Int(action.code))
        switch goal {
        case .none: h.mix(0)
        case .cell(let c):
            h.mix(1)
            h.mix(c.x)
            h.mix(c.y)
        case .friend(let id):
            h.mix(2)
            h.mix(id)
        case .enemy(let id):
            h.mix(3)
            h.mix(id)
        case .nearestEnemy(let type):
            h.mix(4)
            h.mix(type.map { Int($0.code) } ?? -1)
        }
        if let v = via {
            h.mix(v.x)
            h.mix(v.y)
        } else {
            h.mix(-1)
        }
        h.mix(facing.map { Int($0.code) } ?? -1)
        h.mix(returning)
        h.mix(planned)
    }
}
