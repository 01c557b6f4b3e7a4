// FoglineTerminal: the ncurses front (DESIGN.md section 8).
//
// Views draw plain data (`GameScreenModel`) into a `CellBuffer`; `CursesScreen` is
// the only type that talks to ncursesw, and it writes only the cells that changed
// since the last frame. So every view renders and is checked without a terminal.
