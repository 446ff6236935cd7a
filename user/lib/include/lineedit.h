/*
 * Reading a line from the console with editing and history (the shell's
 * prompt). See lineedit.c for the keys it understands.
 */
#ifndef LINEEDIT_H
#define LINEEDIT_H

/* What lineedit_read returns instead of a length. */
#define LINE_EOF   (-1) /* Ctrl-D on an empty line */
#define LINE_INTR  (-2) /* Ctrl-C: the line was dropped */
#define LINE_NOMEM (-3) /* the line outgrew the heap */

/* The line being edited and the lines entered before it; start zeroed. */
struct lineedit {
    char *buf;       /* the line, NUL terminated */
    int len, pos;    /* its length and the cursor */
    int cap;         /* bytes allocated for buf */
    char **hist;     /* earlier lines, oldest first */
    int nhist, hcap; /* lines in hist, slots allocated */
    char *draft;     /* the new line, kept while the history is shown */
};

/*
 * Read one line, echoing and editing it; returns its length with the line
 * in le->buf (valid until the next call), or LINE_EOF, LINE_INTR,
 * LINE_NOMEM. A non-empty line that differs from the last one joins the
 * history.
 */
int lineedit_read(struct lineedit *le);

#endif
