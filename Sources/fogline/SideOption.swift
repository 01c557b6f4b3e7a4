import ArgumentParser
import FoglineBot
import FoglineMatch
import FoglineSim

/// Who plays a side on the command line: `bot`, `bot:easy`, `bot:normal` or `script:FILE`.
enum SideOption: ExpressibleByArgument, Equatable, CustomStringConvertible {
    case bot(BotLevel?)
    case script(String)

    init?(argument: String) {
        if argument == "bot" {
            self = .bot(nil)
        } else if argument.hasPrefix("bot:"), let level = BotLevel(rawValue: String(argument.dropFirst(4))) {
            self = .bot(level)
        } else if argument.hasPrefix("script:"), argument.count > 7 {
            self = .script(String(argument.dropFirst(7)))
        } else {
            return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }

    var description: String {
        switch self {
        case .bot(nil): return "bot"
        case .bot(let level?): return "bot:\(level.rawValue)"
        case .script(let path): return "script:\(path)"
        }
    }

    /// Builds the controller for `player`; scripts are read here, so a bad one stops the run early.
    func controller(player: Int, defaultLevel: BotLevel, seed: UInt64, map: GameMap) throws -> PlayerController {
        switch self {
        case .bot(let level):
            return .bot(Bot(player: player, level: level ?? defaultLevel, seed: seed))
        case .script(let path):
            return .script(try CommandScript.load(path: path, map: map, player: player))
        }
    }
}

extension BotLevel: ExpressibleByArgument {}
