#ifndef PROXGUAC_CURSES_SHIM_H
#define PROXGUAC_CURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
/* C globals and function-like macros Swift 6 cannot use directly (prefix proxguac_curses_). */
static inline WINDOW *proxguac_curses_stdscr(void) { return stdscr; }
static inline int proxguac_curses_lines(void) { return LINES; }
static inline int proxguac_curses_cols(void) { return COLS; }

/* wcwidth is XSI: glibc hides its prototype unless _XOPEN_SOURCE is set, a flag SwiftPM drops. */
extern int wcwidth(wchar_t c);
static inline int proxguac_curses_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

/* Start-up: newterm on the process's own stdout/stdin (NULL when TERM is unusable; never exits). */
static inline SCREEN *proxguac_curses_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline void proxguac_curses_keypad_on(void) { keypad(stdscr, TRUE); }

/* Attributes and colour pairs (bit macros). */
static inline int proxguac_curses_a_normal(void) { return (int)A_NORMAL; }
static inline int proxguac_curses_a_bold(void) { return (int)A_BOLD; }
static inline int proxguac_curses_a_reverse(void) { return (int)A_REVERSE; }
static inline int proxguac_curses_a_underline(void) { return (int)A_UNDERLINE; }
static inline int proxguac_curses_a_dim(void) { return (int)A_DIM; }
static inline int proxguac_curses_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline void proxguac_curses_attrset(int attrs) { attrset(attrs); }

/* Output: wide string at a position, clipped to n wide characters. */
static inline int proxguac_curses_put(int y, int x, const wchar_t *text, int n) { return mvaddnwstr(y, x, text, n); }

/* Mouse: report presses at once (no click-interval wait). */
static inline void proxguac_curses_enable_mouse(void) {
    mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION, NULL);
    mouseinterval(0);
}
/* Reads the pending mouse event: 1 = left press/click, 4 = wheel up, 5 = wheel down, 0 = other/none. */
static inline int proxguac_curses_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 5;
#endif
    return 0;
}
/* Whether the locale's character set is UTF-8 (else the UI draws ASCII stand-ins for box lines, arrows, dots). */
#include <langinfo.h>
#include <string.h>
static inline int proxguac_curses_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
/* Whether the terminal type can move the cursor (terminfo "cup"); TERM=dumb cannot. term.h is not
   included: its macros (lines, columns) would clash with Swift names. */
static inline int proxguac_curses_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
static inline int proxguac_curses_key_f1(void) { return KEY_F(1); }

/* Ctrl-Z (a key in raw mode, not a signal): give the terminal back to the shell, stop, and take it again
   after `fg`. endwin's output is flushed before the stop (else the shell's prompt lands on the menus and
   the terminal stays raw); SIGTSTP is stopped by its default action for the moment of the stop, then the
   previous handler is put back; after SIGCONT the program mode is restored and the whole screen redrawn. */
#include <signal.h>
#include <unistd.h>
static inline void proxguac_curses_suspend(void) {
    endwin();
    fflush(stdout);
    struct sigaction stop, previous;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &previous);
    sigset_t tstp, blocked;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &tstp, &blocked);
    /* The rest of the process group (a wrapper shell) stops too, as the shell expects. That signal is
       directed at the process and may be taken by another thread after kill returns; raise directs one
       at this thread, so the stop happens before raise returns (SIGCONT discards the other). */
    kill(0, SIGTSTP);
    raise(SIGTSTP);
    sigprocmask(SIG_SETMASK, &blocked, NULL);
    sigaction(SIGTSTP, &previous, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}
#endif
