/*
 * Text made safe to show on a terminal and to keep in a log: the one escaping rule of the
 * project. A name or a value that came from outside (a file name in a spool, a pulled
 * change, a cause quoting either) goes through it before it reaches a screen, the
 * administrator's terminal or the audit log.
 *
 * Escaped are the C0 controls, DEL and the C1 controls (a terminal obeys them), the
 * direction marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069: they reorder what the reader sees) and every byte that is
 * not part of valid UTF-8. A C0 control, DEL or a stray byte becomes "\xHH", any other
 * character "\uHHHH" (lowercase hex). Everything else is copied as it is.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>

/*
 * An allocated, escaped copy of s. With max > 0 at most max characters of s (a stray byte
 * counts as one) are kept, and a longer s ends in "..."; with 0, all of s.
 */
char	*escape_text(const char *, size_t);

/* Whether s holds anything escape_text would change (max not counted). */
int	 escape_needed(const char *);

#endif
