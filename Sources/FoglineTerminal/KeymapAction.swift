/// Something a key can be bound to in a keymap.
///
/// The raw value is the name keymap files use.
public enum KeymapAction: String, Sendable, CaseIterable, Hashable {
    case quit
    case help
    case pause
    /// Forces a full repaint (after something else scribbled on the terminal).
    case redraw
    case scrollUp = "scroll_up"
    case scrollDown = "scroll_down"
    case scrollLeft = "scroll_left"
    case scrollRight = "scroll_right"
    /// The camera follows the units again.
    case follow
    case toggleLabels = "toggle_labels"
    case select1 = "select_1"
    case select2 = "select_2"
    case select3 = "select_3"
    case select4 = "select_4"
    case select5 = "select_5"
    case select6 = "select_6"
    case select7 = "select_7"
    case select8 = "select_8"
    case select9 = "select_9"
    /// Unit 10.
    case select0 = "select_0"
    case selectAll = "select_all"
    case clearSelection = "clear_selection"
    case historyPrevious = "history_prev"
    case historyNext = "history_next"
    /// Tab completion: the next candidate.
    case complete
    /// The previous completion candidate.
    case completePrevious = "complete_prev"
    case submit
    /// Clears the prompt (or closes the help).
    case cancel
    case cursorLeft = "cursor_left"
    case cursorRight = "cursor_right"
    case cursorHome = "cursor_home"
    case cursorEnd = "cursor_end"
    case wordLeft = "word_left"
    case wordRight = "word_right"
    case deleteBack = "delete_back"
    case deleteForward = "delete_forward"
    case deleteWord = "delete_word"
    case killLine = "kill_line"
    case killToEnd = "kill_to_end"
    /// Gives the prompt the keyboard (vi's insert mode).
    case focusPrompt = "focus_prompt"
    /// Takes the keyboard from the prompt, so printable keys act (vi's normal mode).
    case leavePrompt = "leave_prompt"
    // The replay viewer.
    case stepForward = "step_forward"
    case stepBack = "step_back"
    case faster
    case slower
    case jumpStart = "jump_start"
    case jumpEnd = "jump_end"
    /// Cycles the replay's fog: player 1, player 2, everything.
    case switchPerspective = "switch_perspective"
    case secondForward = "second_forward"
    case secondBack = "second_back"
    /// Asks for a frame number or a clock time (`mm:ss`) and jumps there.
    case goto
    /// The next command, kill, capture or desync.
    case nextEvent = "next_event"
    case previousEvent = "previous_event"
    /// The camera follows the next unit (the `select_N` keys follow unit N).
    case followUnit = "follow_unit"
    /// A new match against the bot from the frame on screen, playing the side whose fog is shown.
    case takeOver = "take_over"
    /// Units on the map show their numbers instead of their type letters, or back.
    case toggleNumbers = "toggle_numbers"
    /// The log a page back (older lines), and forward again.
    case logOlder = "log_older"
    case logNewer = "log_newer"
    /// The log shows your orders and what became of them only, or everything.
    case logFilter = "log_filter"

    /// The unit number a `select_N` action selects.
    public var selectedUnit: Int? {
        switch self {
        case .select1: return 1
        case .select2: return 2
        case .select3: return 3
        case .select4: return 4
        case .select5: return 5
        case .select6: return 6
        case .select7: return 7
        case .select8: return 8
        case .select9: return 9
        case .select0: return 10
        default: return nil
        }
    }

    /// A few words for the help overlay.
    public var summary: String {
        switch self {
        case .quit: return "quit"
        case .help: return "help on / off"
        case .pause: return "pause / resume"
        case .redraw: return "redraw the screen"
        case .scrollUp: return "scroll up"
        case .scrollDown: return "scroll down"
        case .scrollLeft: return "scroll left"
        case .scrollRight: return "scroll right"
        case .follow: return "follow your units"
        case .toggleLabels: return "place names on / off"
        case .selectAll: return "select all units"
        case .clearSelection: return "clear the selection"
        case .historyPrevious: return "previous command"
        case .historyNext: return "next command"
        case .complete: return "complete a name"
        case .completePrevious: return "previous completion"
        case .submit: return "send the command"
        case .cancel: return "clear the prompt"
        case .cursorLeft: return "cursor left"
        case .cursorRight: return "cursor right"
        case .cursorHome: return "start of line"
        case .cursorEnd: return "end of line"
        case .wordLeft: return "word left"
        case .wordRight: return "word right"
        case .deleteBack: return "delete back"
        case .deleteForward: return "delete forward"
        case .deleteWord: return "delete word back"
        case .killLine: return "delete the line"
        case .killToEnd: return "delete to end of line"
        case .focusPrompt: return "type a command"
        case .leavePrompt: return "leave the prompt"
        case .stepForward: return "replay: one frame on"
        case .stepBack: return "replay: one frame back"
        case .faster: return "replay: faster"
        case .slower: return "replay: slower"
        case .jumpStart: return "replay: to the start"
        case .jumpEnd: return "replay: to the end"
        case .switchPerspective: return "replay: whose fog"
        case .secondForward: return "replay: one second on"
        case .secondBack: return "replay: one second back"
        case .goto: return "replay: go to a frame or time"
        case .nextEvent: return "replay: next event"
        case .previousEvent: return "replay: previous event"
        case .followUnit: return "replay: follow the next unit"
        case .takeOver: return "replay: play on from here against the bot"
        case .toggleNumbers: return "unit numbers / letters on the map"
        case .logOlder: return "log: older lines"
        case .logNewer: return "log: newer lines"
        case .logFilter: return "log: your orders only / all"
        default:
            if let n = selectedUnit { return "select unit \(n)" }
            return rawValue
        }
    }
}
