/// Capture nodes, scoring and the end of the match.
extension World {
    /// Lone players fill a node's progress (engineers twice as fast); a full bar takes it.
    mutating func updateNodes() {
        for (k, spec) in map.nodes.enumerated() {
            var counts = [0, 0]
            var engineers = [0, 0]
            for u in units where u.isAlive && u.cell.chebyshev(to: spec.cell) <= Rules.nodeRadius {
                counts[u.owner - 1] += 1
                if u.archetype == .engineer { engineers[u.owner - 1] += 1 }
            }
            var node = nodes[k]
            node.contested = counts[0] > 0 && counts[1] > 0
            if node.contested {
                nodes[k] = node
                continue
            }
            let present = counts[0] > 0 ? 1 : (counts[1] > 0 ? 2 : 0)
            if present == 0 || present == node.owner {
                // Nobody taking it: a half-taken bar drains away.
                node.progress = max(0, node.progress - 1)
                if node.progress == 0 { node.capturer = 0 }
            } else {
                if node.capturer != present {
                    node.capturer = present
                    node.progress = 0
                }
                node.progress += engineers[present - 1] > 0 ? 2 : 1
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
        if frame % Rules.scoreIntervalFrames == Rules.scoreIntervalFrames - 1 {
            for node in nodes where node.owner != 0 {
                scores[node.owner - 1] += 1
            }
        }
    }

    /// Ends the match on the score limit, an elimination, or the time limit.
    mutating func checkVictory() {
        let alive = [units(of: 1).contains { $0.isAlive }, units(of: 2).contains { $0.isAlive }]
        if !alive[0] || !alive[1] {
            let winner = alive[0] ? 1 : (alive[1] ? 2 : 0)
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
