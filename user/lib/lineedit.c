/*
 * Line editing for the shell's prompt. Keys arrive from COM1 and from the
 * keyboard alike; the special ones as ANSI escape sequences:
 *   Left, Right        ESC [ D, ESC [ C              move the cursor
 *   Home, End          ESC [ H, ESC [ F (also ESC [ 1 ~, ESC [ 4 ~,
 *                      ESC O H, ESC O F, Ctrl-A, Ctrl-E)
 *   Up, Down           ESC [ A, ESC [ B              walk the history
 *   Delete             ESC [ 3 ~                     the char under the cursor
 *   Backspace          0x7F or 0x08                  the char before it
 *   Ctrl-C             drop the line (while a program runs the kernel takes
 *                      it: it ends the console's foreground task)
 *   Ctrl-D             end of input on an empty line, else Delete
 * The line and the history grow on the heap: the heap is their only limit.
 * The screen is redrawn with printable chars, spaces and backspaces only,
 * which a serial terminal and the VGA console both understand.
 */
#include "lineedit.h"
#include "malloc.h"
#include "ulib.h"

enum key {
    KEY_UP = 0x100,
    KEY_DOWN,
    KEY_RIGHT,
    KEY_LEFT,
    KEY_HOME,
    KEY_END,
    KEY_DELETE,
    KEY_NONE, /* an escape sequence this editor does not know */
};

#define CTRL(c) ((c)&0x1F)
#define ESC     0x1B

/* ESC [ N ~ sequences by N. */
static int tilde_key(int n)
{
    switch (n) {
    case 1:
    case 7:
        return KEY_HOME;
    case 3:
        return KEY_DELETE;
    case 4:
    case 8:
        return KEY_END;
    }
    return KEY_NONE;
}

/* The rest of an escape sequence, ESC already read. */
static int escape_key(void)
{
    int c = getchar();
    if (c != '[' && c != 'O')
        return KEY_NONE;
    c = getchar();
    if (c >= '0' && c <= '9') {
        int n = 0;
        for (; c >= '0' && c <= '9'; c = getchar())
            n = n * 10 + (c - '0');
        return c == '~' ? tilde_key(n) : KEY_NONE;
    }
    switch (c) {
    case 'A':
        return KEY_UP;
    case 'B':
        return KEY_DOWN;
    case 'C':
        return KEY_RIGHT;
    case 'D':
        return KEY_LEFT;
    case 'H':
        return KEY_HOME;
    case 'F':
        return KEY_END;
    }
    return KEY_NONE;
}

static int read_key(void)
{
    int c = getchar();
    if (c == ESC)
        return escape_key();
    if (c == CTRL('A'))
        return KEY_HOME;
    if (c == CTRL('E'))
        return KEY_END;
    return c;
}

static void echo(const char *s, int n)
{
    if (n > 0)
        sys_console_write(s, (uint32_t)n);
}

/* n copies of c: backspaces move the cursor left, spaces blank what was there. */
static void repeat(char c, int n)
{
    char run[16];
    memset(run, c, sizeof(run));
    for (; n > 0; n -= (int)sizeof(run))
        echo(run, n < (int)sizeof(run) ? n : (int)sizeof(run));
}

/* Redraw from the cursor to the end, blank `extra` old chars, return the cursor. */
static void redraw_tail(struct lineedit *le, int extra)
{
    echo(le->buf + le->pos, le->len - le->pos);
    repeat(' ', extra);
    repeat('\b', le->len - le->pos + extra);
}

static int reserve(struct lineedit *le, int need)
{
    if (need <= le->cap)
        return 0;
    int cap = le->cap ? le->cap : 64;
    while (cap < need)
        cap *= 2;
    char *b = urealloc(le->buf, (size_t)cap);
    if (!b)
        return LINE_NOMEM;
    le->buf = b;
    le->cap = cap;
    return 0;
}

static int insert(struct lineedit *le, char c)
{
    if (reserve(le, le->len + 2) < 0)
        return LINE_NOMEM;
    memmove(le->buf + le->pos + 1, le->buf + le->pos, (size_t)(le->len - le->pos));
    le->buf[le->pos] = c;
    le->len++;
    le->buf[le->len] = 0;
    echo(&c, 1);
    le->pos++;
    redraw_tail(le, 0);
    return 0;
}

/* Remove the char under the cursor. */
static void delete_at(struct lineedit *le)
{
    if (le->pos == le->len)
        return;
    memmove(le->buf + le->pos, le->buf + le->pos + 1, (size_t)(le->len - le->pos));
    le->len--;
    redraw_tail(le, 1);
}

static void move_to(struct lineedit *le, int pos)
{
    if (pos < le->pos)
        repeat('\b', le->pos - pos);
    else
        echo(le->buf + le->pos, pos - le->pos);
    le->pos = pos;
}

/* Show text in place of the line, cursor at its end. */
static int replace(struct lineedit *le, const char *text)
{
    int n = (int)strlen(text), old = le->len;
    if (reserve(le, n + 1) < 0)
        return LINE_NOMEM;
    move_to(le, 0);
    memcpy(le->buf, text, (size_t)n + 1);
    le->len = n;
    echo(le->buf, n);
    le->pos = n;
    if (old > n) {
        repeat(' ', old - n);
        repeat('\b', old - n);
    }
    return 0;
}

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = umalloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Show history line h (le->nhist: the draft). */
static int show_history(struct lineedit *le, int *h, int to)
{
    if (to < 0 || to > le->nhist || to == *h)
        return 0;
    if (*h == le->nhist) {
        ufree(le->draft);
        le->draft = copy(le->buf);
        if (!le->draft)
            return LINE_NOMEM;
    }
    *h = to;
    return replace(le, to == le->nhist ? le->draft : le->hist[to]);
}

static int grow_history(struct lineedit *le)
{
    int cap = le->hcap ? le->hcap * 2 : 16;
    char **h = urealloc(le->hist, (size_t)cap * sizeof(*h));
    if (!h)
        return LINE_NOMEM;
    le->hist = h;
    le->hcap = cap;
    return 0;
}

/* Keep the line; when the heap is short the oldest line makes room. */
static void remember(struct lineedit *le)
{
    if (le->len == 0 || (le->nhist && !strcmp(le->hist[le->nhist - 1], le->buf)))
        return;
    if (le->nhist == le->hcap && grow_history(le) < 0) {
        if (le->nhist == 0)
            return;
        ufree(le->hist[0]);
        memmove(le->hist, le->hist + 1, (size_t)(le->nhist - 1) * sizeof(*le->hist));
        le->nhist--;
    }
    char *line = copy(le->buf);
    if (line)
        le->hist[le->nhist++] = line;
}

/* One key; returns 1 when the line is done, 0 to go on, or a LINE_ code. */
static int edit(struct lineedit *le, int *h, int key)
{
    if (key < 0)
        return LINE_EOF; /* the console cannot be read */
    switch (key) {
    case '\r':
    case '\n':
        move_to(le, le->len);
        return 1;
    case CTRL('C'):
        echo("^C", 2);
        return LINE_INTR;
    case CTRL('D'):
        if (le->len == 0)
            return LINE_EOF;
        delete_at(le);
        return 0;
    case 0x7F:
    case '\b':
        if (le->pos > 0) {
            move_to(le, le->pos - 1);
            delete_at(le);
        }
        return 0;
    case KEY_DELETE:
        delete_at(le);
        return 0;
    case KEY_LEFT:
        move_to(le, le->pos > 0 ? le->pos - 1 : 0);
        return 0;
    case KEY_RIGHT:
        move_to(le, le->pos < le->len ? le->pos + 1 : le->len);
        return 0;
    case KEY_HOME:
        move_to(le, 0);
        return 0;
    case KEY_END:
        move_to(le, le->len);
        return 0;
    case KEY_UP:
        return show_history(le, h, *h - 1);
    case KEY_DOWN:
        return show_history(le, h, *h + 1);
    }
    return key >= ' ' && key < 0x7F ? insert(le, (char)key) : 0;
}

int lineedit_read(struct lineedit *le)
{
    if (reserve(le, 1) < 0)
        return LINE_NOMEM;
    le->len = le->pos = 0;
    le->buf[0] = 0;
    int h = le->nhist, r;
    while ((r = edit(le, &h, read_key())) == 0)
        ;
    echo("\n", 1);
    if (r < 0)
        return r;
    remember(le);
    return le->len;
}
