import FoglineSim

/// Shots, deaths and blasts kept on screen for a moment after the frame they happened in.
///
/// `world.events` holds only the last frame's events; this keeps each one, with the
/// cells it concerns, for a few simulation frames so it can be seen at 30 Hz.
public struct ScreenEffects: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A tracer from shooter to target, drawn in the shooter's colour.
        case shot(from: FoglineSim.Cell, to: FoglineSim.Cell, owner: Int, hit: Bool)
        case death(at: FoglineSim.Cell, owner: Int)
        case blast(at: FoglineSim.Cell, owner: Int)
    }

    public struct Effect: Hashable, Sendable {
        public var kind: Kind
        /// The frame it happened on.
        public var frame: Int32
    }

    /// How many frames each kind stays on screen.
    public static let shotFrames: Int32 = 6
    public static let deathFrames: Int32 = 45
    public static let blastFrames: Int32 = 15
    /// Never more than this many kept (a huge battle cannot grow the list without bound).
    public static let limit = 256

    public private(set) var effects: [Effect] = []

    public init() {}

    /// Takes the events of the frame just stepped and drops effects that have run out.
    public mutating func record(_ world: World) {
        let now = world.frame
        effects.removeAll { now - $0.frame >= ScreenEffects.lifetime(of: $0.kind) }
        for event in world.events {
            switch event {
            case .shot(let from, let to, let hit):
                guard from < world.units.count, to < world.units.count else { continue }
                let shooter = world.units[from]
                effects.append(Effect(
                    kind: .shot(from: shooter.cell, to: world.units[to].cell, owner: shooter.owner, hit: hit), frame: now))
            case .destroyed(let id, _):
                guard id < world.units.count else { continue }
                effects.append(Effect(kind: .death(at: world.units[id].cell, owner: world.units[id].owner), frame: now))
            case .mineExploded(let owner, let cell):
                effects.append(Effect(kind: .blast(at: cell, owner: owner), frame: now))
            default:
                break
            }
        }
        if effects.count > ScreenEffects.limit { effects.removeFirst(effects.count - ScreenEffects.limit) }
    }

    /// Adds one effect (tests and replays building a scene by hand).
    public mutating func add(_ kind: Kind, frame: Int32) {
        effects.append(Effect(kind: kind, frame: frame))
    }

    /// The effects still showing at `frame`.
    public func active(at frame: Int32) -> [Effect] {
        effects.filter { frame >= $0.frame && frame - $0.frame < ScreenEffects.lifetime(of: $0.kind) }
    }

    /// Forgets everything (after a replay jump).
    public mutating func removeAll() { effects = [] }

    static func lifetime(of kind: Kind) -> Int32 {
        switch kind {
        case .shot: return shotFrames
        case .death: return deathFrames
        case .blast: return blastFrames
        }
    }
}
