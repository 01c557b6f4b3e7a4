#ifndef FOGLINE_CNCURSES_SHIM_H
#define FOGLINE_CNCURSES_SHIM_H

/// Wide-character curses (ncursesw) for the Fogline terminal front.
///
/// Swift cannot import function-like macros, so the few curses macros the
/// front needs are wrapped here as `static inline` functions.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncurses.h>

/// The attribute for colour pair `n` (the `COLOR_PAIR` macro).
static inline int fogline_color_pair(int n) { return (int)COLOR_PAIR(n); }

/// The size of window `win` in rows and columns (the `getmaxyx` macro).
static inline void fogline_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int r, c;
    getmaxyx(win, r, c);
    *rows = r;
    *cols = c;
}

/// The standard screen window (`stdscr` is a macro in some builds).
static inline WINDOW *fogline_stdscr(void) { return stdscr; }

/// The key code curses reports for a terminal resize.
static inline int fogline_key_resize(void) { return KEY_RESIZE; }

/// The key code curses reports for a mouse event.
static inline int fogline_key_mouse(void) { return KEY_MOUSE; }

/// Attribute bits, which are macros over `NCURSES_BITS`.
static inline int fogline_attr_bold(void) { return (int)A_BOLD; }
static inline int fogline_attr_reverse(void) { return (int)A_REVERSE; }
static inline int fogline_attr_dim(void) { return (int)A_DIM; }
static inline int fogline_attr_underline(void) { return (int)A_UNDERLINE; }

#endif
