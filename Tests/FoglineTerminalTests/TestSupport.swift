import Foundation
import Testing

@testable import FoglineOrders
@testable import FoglineSim
@testable import FoglineTerminal

/// Paths of the repository, found from this file.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let maps = root.appendingPathComponent("maps")
    static let keymaps = root.appendingPathComponent("keymaps")
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// A shipped map by name.
    static func map(_ name: String) throws -> GameMap {
        try MapLoader.load(path: maps.appendingPathComponent("\(name).toml").path)
    }
}

/// Worlds in a known state for the views: units placed by hand, fog built from two
/// positions (so some ground is explored but out of sight), a node half taken, mines
/// of both sides, a unit dead.
enum Scene {
    /// A mid-match on `duel`, seen by player 1.
    static func duelMidMatch() throws -> World {
        var world = World(map: try Repository.map("duel"), seed: 7)
        // Where player 1's units were a while ago: explored, no longer in sight.
        let earlier: [(Int, Int, CompassDirection)] = [
            (8, 12, .east), (8, 13, .east), (6, 11, .east), (6, 13, .east), (5, 12, .east),
            (5, 11, .east), (4, 12, .east), (4, 13, .east), (3, 11, .east), (3, 13, .east),
        ]
        for (k, spot) in earlier.enumerated() {
            world.place(player: 1, number: k + 1, at: Cell(x: spot.0, y: spot.1), facing: spot.2)
        }
        world.refreshSight()
        let now: [(Int, Int, CompassDirection)] = [
            (24, 10, .east), (22, 20, .southeast), (16, 11, .east), (15, 13, .east), (24, 7, .north),
            (22, 6, .northeast), (14, 12, .east), (13, 12, .east), (23, 11, .east), (12, 13, .south),
        ]
        for (k, spot) in now.enumerated() {
            world.place(player: 1, number: k + 1, at: Cell(x: spot.0, y: spot.1), facing: spot.2)
        }
        // The enemy: two close enough to be seen, the rest far away.
        world.place(player: 2, number: 1, at: Cell(x: 27, y: 9), facing: .west)
        world.place(player: 2, number: 3, at: Cell(x: 28, y: 12), facing: .west)
        world.place(player: 2, number: 5, at: Cell(x: 40, y: 4), facing: .west)
        world.units[World.unitID(player: 1, number: 8)].health = 0
        world.units[World.unitID(player: 1, number: 8)].respawnIn = 170
        world.units[World.unitID(player: 1, number: 3)].health = 90
        world.units[World.unitID(player: 1, number: 2)].health = 15
        world.give(player: 1, number: 5, UnitOrder(action: .hold, goal: .cell(Cell(x: 24, y: 7)), facing: .north))
        world.give(player: 1, number: 6, UnitOrder(action: .hold, goal: .cell(Cell(x: 22, y: 6)), facing: .northeast))
        world.give(player: 1, number: 1, UnitOrder(action: .attack, goal: .enemy(World.unitID(player: 2, number: 1))))
        world.give(player: 1, number: 3, UnitOrder(action: .attackMove, goal: .cell(Cell(x: 24, y: 12))))
        world.give(player: 1, number: 9, UnitOrder(action: .capture, goal: .cell(Cell(x: 24, y: 12))))
        world.give(player: 1, number: 2, UnitOrder(action: .move, goal: .cell(Cell(x: 24, y: 20))))
        world.units[World.unitID(player: 1, number: 2)].orders.append(
            UnitOrder(action: .capture, goal: .cell(Cell(x: 24, y: 20))))
        world.nodes[0].owner = 2
        world.nodes[1].capturer = 1
        world.nodes[1].progress = 50
        world.scores = [112, 140]
        world.mines = [
            Mine(owner: 1, position: Cell(x: 18, y: 14).center, serial: 0),
            Mine(owner: 2, position: Cell(x: 26, y: 15).center, serial: 1),
        ]
        world.frame = 5423
        world.refreshSight()
        return world
    }

    /// The duel scene as player 1's screen: selection, log, prompt, effects.
    static func duelModel(capabilities: TerminalCapabilities = .full) throws -> GameScreenModel {
        let world = try duelMidMatch()
        var model = GameScreenModel(world: world, player: 1, capabilities: capabilities, keymap: .builtIn)
        model.selection = [5, 6]
        model.effects.add(.shot(from: Cell(x: 24, y: 10), to: Cell(x: 27, y: 9), owner: 1, hit: true), frame: world.frame - 1)
        model.effects.add(.death(at: Cell(x: 20, y: 14), owner: 2), frame: world.frame - 10)
        model.appendLog([
            LogEntry(.understood, "5,6 hold the ridge facing north"),
            LogEntry(.event, "node A (old mill) taken by the enemy", player: 2),
            LogEntry(.error, "I don't know the place 'quary' (try: the quarry)"),
            LogEntry(.understood, "1 attack enemy 1"),
            LogEntry(.event, "8 (medic) destroyed", player: 1),
            LogEntry(.understood, "then 2 capture the quarry"),
        ])
        model.prompt.insert("9 capture the g")
        model.updateCamera(screenWidth: 80, screenHeight: 24)
        return model
    }

    /// A finished match on `duel`, won by player 1.
    static func finishedDuel() throws -> World {
        var world = try duelMidMatch()
        world.scores = [1500, 1212]
        world.stats[0] = PlayerStats(kills: 31, losses: 24, shots: 402, hits: 311, damage: 9120, captures: 9, minesLaid: 4)
        world.stats[1] = PlayerStats(kills: 24, losses: 31, shots: 388, hits: 287, damage: 7800, captures: 7, minesLaid: 1)
        world.result = MatchResult(winner: 1, reason: .score, frame: 31_250, scores: [1500, 1212])
        world.frame = 31_250
        return world
    }
}

extension PlayerStats {
    init(kills: Int32, losses: Int32, shots: Int32, hits: Int32, damage: Int32, captures: Int32, minesLaid: Int32) {
        self.init()
        self.kills = kills
        self.losses = losses
        self.shots = shots
        self.hits = hits
        self.damage = damage
        self.captures = captures
        self.minesLaid = minesLaid
    }
}

extension World {
    /// Puts a unit on a cell, facing a direction, orders cleared.
    mutating func place(player: Int, number: Int, at cell: Cell, facing: CompassDirection) {
        let id = World.unitID(player: player, number: number)
        units[id].position = cell.center
        units[id].facing = facing.vector
        units[id].orders = []
        units[id].path = []
        units[id].pathIndex = 0
    }

    /// Replaces a unit's orders with one.
    mutating func give(player: Int, number: Int, _ order: UnitOrder) {
        units[World.unitID(player: player, number: number)].orders = [order]
    }

    /// Recomputes who sees whom and folds sight into explored.
    mutating func refreshSight() {
        updateVisibility()
        updateExplored()
    }
}
