/// The default keymap built in, for when no `keymaps/default.toml` is installed.
extension Keymap {
    /// `keymaps/default.toml`, built in (a test keeps the two the same).
    public static let builtIn: Keymap =
        (try? Keymap.parse(text: builtInText, file: "<built-in default keymap>", name: "default"))
        ?? Keymap(name: "default", bindings: [])

    /// The text of `keymaps/default.toml`.
    static let builtInText = """
# Fogline's default keymap: emacs-style line editing, the camera on shifted arrows.
#
# Format (see README.md): one line per action, `action = ["key", ...]`, under [keys].
# While the prompt has focus, printable keys (letters, digits, punctuation, space)
# always type text, even where bound below; they act only where nothing is being
# typed (the replay viewer, the end screen). Keys with ctrl or alt, and keys that
# print nothing (arrows, F-keys, enter, tab, esc), act everywhere.

[keys]
# Anywhere
quit = ["ctrl-c", "q"]
help = ["F1", "?"]
pause = ["F2", "space"]
redraw = ["ctrl-l"]
cancel = ["esc", "ctrl-g"]

# The camera
scroll_up = ["shift-up", "ctrl-up", "pgup"]
scroll_down = ["shift-down", "ctrl-down", "pgdn"]
scroll_left = ["shift-left", "ctrl-left"]
scroll_right = ["shift-right", "ctrl-right"]
follow = ["F3", "f"]
toggle_labels = ["F4", "l"]

# Selecting units (a command that names no units goes to the selection)
select_1 = ["alt-1"]
select_2 = ["alt-2"]
select_3 = ["alt-3"]
select_4 = ["alt-4"]
select_5 = ["alt-5"]
select_6 = ["alt-6"]
select_7 = ["alt-7"]
select_8 = ["alt-8"]
select_9 = ["alt-9"]
select_0 = ["alt-0"]
select_all = ["alt-a"]
clear_selection = ["alt-x"]

# The prompt
submit = ["enter"]
history_prev = ["up", "ctrl-p"]
history_next = ["down", "ctrl-n"]
complete = ["tab"]
complete_prev = ["shift-tab"]
cursor_left = ["left", "ctrl-b"]
cursor_right = ["right", "ctrl-f"]
cursor_home = ["home", "ctrl-a"]
cursor_end = ["end", "ctrl-e"]
word_left = ["alt-left", "alt-b"]
word_right = ["alt-right", "alt-f"]
delete_back = ["backspace", "ctrl-h"]
delete_forward = ["delete", "ctrl-d"]
delete_word = ["ctrl-w", "alt-backspace"]
kill_line = ["ctrl-u"]
kill_to_end = ["ctrl-k"]

# The replay viewer (no prompt there, so plain keys act). There `pause` plays and
# pauses, and the select_N keys make the camera follow unit N.
step_forward = ["."]
step_back = [","]
faster = ["+", "="]
slower = ["minus", "_"]
jump_start = ["<"]
jump_end = [">"]
switch_perspective = ["p"]
second_forward = ["]"]
second_back = ["["]
goto = ["g"]
next_event = ["n"]
previous_event = ["N"]
follow_unit = ["u"]
take_over = ["t"]
"""
}
