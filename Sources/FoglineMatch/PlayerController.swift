import FoglineBot
import FoglineSim

/// Who plays one side of a local match: the built-in bot or a script of timed commands.
///
/// Either way the side answers with commands for the frame it sees, just as a person
/// at a prompt would; the match schedules them `Rules.inputDelay` frames later.
public enum PlayerController: Sendable {
    case bot(Bot)
    case script(CommandScript)
    /// A person at a prompt: whatever they entered since the last frame.
    case human(CommandInbox)

    /// The commands this side enters on the frame `view` shows.
    public mutating func commands(for view: PlayerView) -> [PlayerCommand] {
        switch self {
        case .bot(var bot):
            let out = bot.commands(for: view)
            self = .bot(bot)
            return out
        case .script(var script):
            let out = script.commands(for: view)
            self = .script(script)
            return out
        case .human(let inbox):
            return inbox.take()
        }
    }

    /// How replays and summaries name this side: `bot:normal`, `script`.
    public var kind: String {
        switch self {
        case .bot(let bot): return "bot:\(bot.level.rawValue)"
        case .script: return "script"
        case .human: return "human"
        }
    }
}
