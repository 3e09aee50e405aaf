#ifndef PROXGUAC_CURSES_SHIM_H
#define PROXGUAC_CURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
/* C globals and function-like macros Swift 6 cannot use directly (prefix proxguac_curses_). */
static inline WINDOW *proxguac_curses_stdscr(void) { return stdscr; }
static inline int proxguac_curses_lines(void) { return LINES; }
static inline int proxguac_curses_cols(void) { return COLS; }
#endif
