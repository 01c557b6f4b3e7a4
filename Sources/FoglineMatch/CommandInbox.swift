import FoglineSim
import Synchronization

/// Commands a person has entered and the match has not yet taken.
///
/// The front end (a prompt, a network peer) posts resolved commands at any time;
/// the frame loop takes everything posted so far when it asks the side for input.
public final class CommandInbox: Sendable {
    private let pending = Mutex<[PlayerCommand]>([])

    public init() {}

    /// Posts a command to be entered on the next frame the match runs.
    public func post(_ command: PlayerCommand) {
        pending.withLock { $0.append(command) }
    }

    /// Takes everything posted so far.
    public func take() -> [PlayerCommand] {
        pending.withLock { list in
            defer { list.removeAll() }
            return list
        }
    }
}
