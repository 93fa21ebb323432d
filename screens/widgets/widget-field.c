/*
 * The text field. Input arrives as wide characters (get_wch) and is stored as UTF-8;
 * widths come from wcwidth so that Japanese text scrolls and clips at whole characters.
 */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static size_t	utf8_prev(const char *, size_t);
static size_t	utf8_next(const char *, size_t, size_t);
static int	utf8_chars(const char *, size_t);

void
field_init(struct field *f, const char *label, int max_chars, int masked)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->max_chars = max_chars;
	f->masked = masked;
}

void
field_set(struct field *f, const char *text)
{
	size_t	 len = strlen(text);

	if (len >= sizeof f->text)
		len = utf8_prev(text, sizeof f->text);
	memcpy(f->text, text, len);
	f->text[len] = '\0';
	f->len = f->cursor = len;
	f->changed = 0;
}

/* Wipes the buffer: fields also hold passwords. */
void
field_clear(struct field *f)
{
	explicit_bzero(f->text, sizeof f->text);
	f->len = f->cursor = 0;
}

void
field_set_error(struct field *f, const char *error)
{
	free(f->error);
	f->error = error != NULL ? xstrdup(error) : NULL;
}

void
field_free(struct field *f)
{
	field_clear(f);
	free(f->error);
	f->error = NULL;
}

static size_t
utf8_prev(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[--at] & 0xc0) == 0x80)
		;
	return at;
}

static size_t
utf8_next(const char *s, size_t at, size_t len)
{
	if (at < len)
		at++;
	while (at < len && ((unsigned char)s[at] & 0xc0) == 0x80)
		at++;
	return at;
}

static int
utf8_chars(const char *s, size_t len)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Returns 1 when the key was the field's (edited or moved), 0 otherwise. */
int
field_key(struct field *f, const struct key_event *ev)
{
	char		 mb[MB_LEN_MAX];
	mbstate_t	 ps;
	size_t		 n, at;

	if (ev->is_func) {
		switch (ev->code) {
		case KEY_LEFT:
			f->cursor = utf8_prev(f->text, f->cursor);
			return 1;
		case KEY_RIGHT:
			f->cursor = utf8_next(f->text, f->cursor, f->len);
			return 1;
		case KEY_HOME:
			f->cursor = 0;
			return 1;
		case KEY_END:
			f->cursor = f->len;
			return 1;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (f->locked != NULL)
				goto locked;
			if (f->cursor == f->len)
				return 1;
			at = utf8_next(f->text, f->cursor, f->len);
			memmove(f->text + f->cursor, f->text + at, f->len - at + 1);
			f->len -= at - f->cursor;
			f->changed = 1;
			return 1;
		}
		return 0;
	}
	if (ev->code == 0x7f || ev->code == 0x08)
		goto backspace;
	if (ev->code == 0x15) {		/* ^U: clear, as in a shell */
		if (f->locked != NULL)
			goto locked;
		field_clear(f);
		f->changed = 1;
		return 1;
	}
	/* Control characters are never stored: they are keys, not text. */
	if (ev->code < 0x20 || (ev->code >= 0x80 && ev->code < 0xa0))
		return 0;
	if (f->locked != NULL)
		goto locked;
	memset(&ps, 0, sizeof ps);
	n = wcrtomb(mb, (wchar_t)ev->code, &ps);
	if (n == (size_t)-1)
		return 1;
	if (f->len + n >= sizeof f->text ||
	    (f->max_chars > 0 && utf8_chars(f->text, f->len) >= f->max_chars)) {
		beep();
		return 1;
	}
	memmove(f->text + f->cursor + n, f->text + f->cursor, f->len - f->cursor + 1);
	memcpy(f->text + f->cursor, mb, n);
	f->len += n;
	f->cursor += n;
	f->changed = 1;
	return 1;

locked:
	/* Not a beep alone: the person at the counter is told why. */
	field_set_error(f, f->locked);
	return 1;

backspace:
	if (f->locked != NULL)
		goto locked;
	if (f->cursor == 0)
		return 1;
	at = utf8_prev(f->text, f->cursor);
	memmove(f->text + at, f->text + f->cursor, f->len - f->cursor + 1);
	f->len -= f->cursor - at;
	f->cursor = at;
	f->changed = 1;
	return 1;
}

/*
 * Draws the field's text in width columns at (y, x), scrolled so that the cursor is
 * visible; with focus the cursor is shown.
 */
void
field_draw(struct field *f, int y, int x, int width, int focus)
{
	char	*before, *shown, *clipped;
	size_t	 start = 0;
	int	 i, cursor_col, nchars, mark_w;

	if (width < 2)
		return;
	/* The mark keeps its place at the right; the text has the rest. */
	if (f->mark != NULL && (mark_w = (int)textwidth(f->mark)) + 6 < width) {
		width -= mark_w + 1;
		attron(A_BOLD | A_REVERSE);
		mvaddstr(y, x + width + 1, f->mark);
		attroff(A_BOLD | A_REVERSE);
	}
	attron(focus ? A_UNDERLINE | A_BOLD : A_UNDERLINE);
	mvhline(y, x, ' ', width);
	if (f->masked) {
		nchars = utf8_chars(f->text, f->len);
		if (nchars > width - 1)
			nchars = width - 1;
		for (i = 0; i < nchars; i++)
			mvaddch(y, x + i, '*');
		cursor_col = nchars;
	} else {
		/* Scroll: drop characters from the left until the cursor fits. */
		for (;;) {
			before = xstrndup(f->text + start, f->cursor - start);
			cursor_col = (int)textwidth(before);
			free(before);
			if (cursor_col < width || start >= f->cursor)
				break;
			start = utf8_next(f->text, start, f->len);
		}
		shown = xstrdup(f->text + start);
		clipped = textwidth_truncate(shown, width, 0);
		mvaddstr(y, x, clipped);
		free(clipped);
		free(shown);
	}
	attroff(A_UNDERLINE | A_BOLD);
	if (focus)
		ui_cursor_at(y, x + cursor_col);
}
