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

/// The key code of function key `n` (the `KEY_F(n)` macro).
static inline int fogline_key_f(int n) { return KEY_F(n); }

/// The value `wget_wch` returns when it read a key code rather than a character.
static inline int fogline_key_code_yes(void) { return KEY_CODE_YES; }

/// The colour number meaning "the terminal's own colour" once `use_default_colors`
/// succeeded (ncurses documents it as -1; named here so Swift never spells it).
static inline int fogline_default_color(void) { return -1; }

/// How many colours and colour pairs the terminal has (`COLORS` and `COLOR_PAIRS`,
/// which may be macros over functions).
static inline int fogline_colors(void) { return COLORS; }
static inline int fogline_color_pairs(void) { return COLOR_PAIRS; }

/// Sets a window's attributes and colour pair at once (`wattr_set` is also a macro).
static inline int fogline_wattr_set(WINDOW *win, int attrs, int pair) {
    return wattr_set(win, (attr_t)attrs, (NCURSES_PAIRS_T)pair, NULL);
}

/// The mouse events the front asks for: button presses and the wheel.
static inline mmask_t fogline_mouse_events(void) {
    mmask_t mask = BUTTON1_PRESSED | BUTTON2_PRESSED | BUTTON3_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    return mask;
}

/// Which button a mouse event's state reports: 1 left, 2 middle, 3 right, 4 wheel
/// up, 5 wheel down, 0 anything else (releases, motion).
static inline int fogline_mouse_button(mmask_t state) {
    if (state & BUTTON1_PRESSED) return 1;
    if (state & BUTTON2_PRESSED) return 2;
    if (state & BUTTON3_PRESSED) return 3;
    if (state & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (state & BUTTON5_PRESSED) return 5;
#endif
    return 0;
}

/// Reads the pending mouse event: its cell and button (see `fogline_mouse_button`).
/// Returns 0 on success, -1 when there is none.
static inline int fogline_get_mouse(int *x, int *y, int *button) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *x = event.x;
    *y = event.y;
    *button = fogline_mouse_button(event.bstate);
    return 0;
}

/// The key code curses gives a terminfo key capability, by its name ("kUP" is
/// shift-up, "kLFT5" ctrl-left, "kRIT3" alt-right), or -1 when the terminal has no
/// such key or curses does not know its string.
static inline int fogline_extended_key_code(const char *capability) {
    char *sequence = tigetstr(capability);
    if (sequence == NULL || sequence == (char *)-1) return -1;
    int code = key_defined(sequence);
    return code > 0 ? code : -1;
}

/// The bytes that put the terminal back the way `endwin` would: mouse reporting off
/// (the `XM` capability, when the terminal has it), attributes off, cursor shown,
/// keypad transmit mode off, the alternate screen left. Written into
/// `out` (at most `size` bytes) so a crash handler can send them with write(2).
/// Returns how many bytes were written.
static inline int fogline_reset_sequence(char *out, int size) {
    const char *names[] = {"sgr0", "cnorm", "rmkx", "rmcup"};
    int used = 0;
    char *xm = tigetstr("XM");
    if (xm != NULL && xm != (char *)-1) {
        char *off = tiparm(xm, 0);
        for (const char *p = off; p != NULL && *p != '\0' && used < size; p++) out[used++] = *p;
    }
    for (int k = 0; k < 4; k++) {
        char *s = tigetstr(names[k]);
        if (s == NULL || s == (char *)-1) continue;
        for (const char *p = s; *p != '\0' && used < size; p++) out[used++] = *p;
    }
    return used;
}

#endif
