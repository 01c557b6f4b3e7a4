/// Capture nodes, scoring and the end of the match.
extension World {
    /// Lone players fill a node's progress (engineers twice as fast); a full bar takes it.
    mutating func updateNodes() {
        withUnsafeTemporaryAllocation(of: NodeTally.self, capacity: nodes.count) { tallies in
            tallies.initialize(repeating: NodeTally())
            // Who stands on which node, from the cells' node cover.
            for id in units.indices where units[id].isAlive {
                let cell = units[id].cell
                guard map.contains(cell) else { continue }
                var cover = map.nodeCover[map.index(cell)]
                while cover != 0 {
                    tallies[cover.trailingZeroBitCount].count(owner: units[id].owner, engineer: units[id].archetype == .engineer)
                    cover &= cover - 1
                }
            }
            for k in nodes.indices {
                update(node: k, tally: tallies[k])
            }
        }
        if frame % Rules.scoreIntervalFrames == Rules.scoreIntervalFrames - 1 {
            for node in nodes where node.owner != 0 {
                scores[node.owner - 1] += 1
            }
        }
    }

    /// Units and engineers of player 1 and 2 standing on one node.
    struct NodeTally {
        var units = (0, 0)
        var engineers = (0, 0)

        mutating func count(owner: Int, engineer: Bool) {
            if owner == 1 {
                units.0 += 1
                engineers.0 += engineer ? 1 : 0
            } else {
                units.1 += 1
                engineers.1 += engineer ? 1 : 0
            }
        }
    }

    /// Contests, takes or drains one node from who stands on it.
    private mutating func update(node k: Int, tally: NodeTally) {
        var node = nodes[k]
        node.contested = tally.units.0 > 0 && tally.units.1 > 0
        if node.contested {
            nodes[k] = node
            return
        }
        let present = tally.units.0 > 0 ? 1 : (tally.units.1 > 0 ? 2 : 0)
        if present == 0 || present == node.owner {
            // Nobody taking it: a half-taken bar drains away.
            node.progress = max(0, node.progress - 1)
            if node.progress == 0 { node.capturer = 0 }
        } else {
            if node.capturer != present {
                node.capturer = present
                node.progress = 0
            }
            node.progress += (present == 1 ? tally.engineers.0 : tally.engineers.1) > 0 ? 2 : 1
            if node.progress >= Rules.captureProgress {
                node.owner = present
                node.capturer = 0
                node.progress = 0
                stats[present - 1].captures += 1
                events.append(.captured(node: k, by: present))
            }
        }
        nodes[k] = node
    }

    /// Ends the match on the score limit, an elimination, or the time limit.
    mutating func checkVictory() {
        let alive1 = units[0..<Rules.unitsPerPlayer].contains { $0.isAlive }
        let alive2 = units[Rules.unitsPerPlayer...].contains { $0.isAlive }
        if !alive1 || !alive2 {
            let winner = alive1 ? 1 : (alive2 ? 2 : 0)
            result = MatchResult(winner: winner, reason: .elimination, frame: frame, scores: scores)
            return
        }
        if scores[0] >= map.scoreLimit || scores[1] >= map.scoreLimit {
            result = MatchResult(winner: leader, reason: .score, frame: frame, scores: scores)
            return
        }
        if frame >= map.timeLimitFrames {
            result = MatchResult(winner: leader, reason: .time, frame: frame, scores: scores)
        }
    }

    /// Ends the match by a player leaving; sessions call this, never the rules.
    public mutating func forfeit(by player: Int) {
        guard result == nil else { return }
        result = MatchResult(winner: 3 - player, reason: .forfeit, frame: frame, scores: scores)
    }

    /// Ends the match with no winner because the link died; sessions call this, never the rules.
    public mutating func loseConnection() { end(withoutWinner: .connectionLost) }

    /// Ends the match with no winner (a lost link, a server stopping, a desync); sessions
    /// and servers call this, never the rules.
    public mutating func end(withoutWinner reason: MatchResult.Reason) {
        guard result == nil else { return }
        result = MatchResult(winner: 0, reason: reason, frame: frame, scores: scores)
    }

    /// Applies a recorded result that a session decided (a forfeit, a lost connection) once
    /// this world stands at its frame with no result of its own: no input says so, the record does.
    public mutating func settle(recorded: MatchResult?) {
        guard let recorded, recorded.reason.isDecidedBySession, result == nil, frame == recorded.frame else { return }
        if recorded.reason == .forfeit {
            forfeit(by: 3 - recorded.winner)
        } else {
            end(withoutWinner: recorded.reason)
        }
    }
}
