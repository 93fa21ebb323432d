/*
 * The hint bar on a screen's bottom line (SPEC §11): the screen's keys with their labels,
 * then F1 (help) and F10 (log out, or quit at the login screen), which every screen has.
 *
 * When the whole does not fit, F1 and F10 stay whole and the others give way, in this
 * order: one space between hints instead of two; the labels of keys whose meaning is
 * conventional (Esc, Tab, arrows) go; then the labels of the screen's last keys, one by
 * one (a screen lists its keys most important first), so that the keys that keep a label
 * keep all of it; last, the screen's last keys themselves go. F1 explains every key.
 */
#include "config.h"

#include <string.h>

#include <curses.h>

#include "i18n.h"
#include "textwidth.h"
#include "words.h"
#include "widget.h"

#define HINTS_MAX	24

struct hint_cell {
	const char	*key;
	const char	*label;		/* translated */
	int		 keep;		/* F1, F10: never shortened */
	int		 conventional;	/* Esc, Tab, arrows: the label may go */
	size_t		 key_width;
	size_t		 label_width;	/* 0: the key is drawn alone */
};

/* Keys whose meaning goes without saying (F1 names them all anyway). */
#define HINTS_CONVENTIONAL	"Esc Tab ↑↓ ←→ PgUp PgDn PgUp/PgDn"

static size_t
hints_width(const struct hint_cell *c, int n, size_t gap)
{
	size_t	 w = 0;
	int	 i;

	for (i = 0; i < n; i++) {
		w += c[i].key_width;
		if (c[i].label_width > 0)
			w += 1 + c[i].label_width;
		if (i > 0)
			w += gap;
	}
	return w;
}

static void
hints_put(int y, int x, const char *text, int reverse)
{
	if (reverse)
		attron(A_REVERSE);
	ui_put(y, x, COLS - x, text);
	if (reverse)
		attroff(A_REVERSE);
}

void
hints_draw(int y, int cols, const struct key_hint *hints)
{
	struct hint_cell	 c[HINTS_MAX];
	const struct key_hint	*f10 = NULL;
	size_t			 gap = 2;
	int			 n = 0, i, x;

	for (; hints != NULL && hints->key != NULL && n < HINTS_MAX - 2; hints++) {
		if (strcmp(hints->key, "F10") == 0) {
			f10 = hints;
			continue;
		}
		c[n].key = hints->key;
		c[n].label = _(hints->label);
		c[n++].keep = 0;
	}
	c[n].key = "F1";
	c[n].label = _("Help");
	c[n++].keep = 1;
	if (f10 != NULL) {
		/* ^X: the same, for terminals that keep the function keys (ui.c). */
		c[n].key = "F10/^X";
		c[n].label = _(f10->label);
		c[n++].keep = 1;
	}
	for (i = 0; i < n; i++) {
		c[i].conventional = !c[i].keep && words_has(HINTS_CONVENTIONAL, c[i].key);
		c[i].key_width = textwidth(c[i].key);
		c[i].label_width = textwidth(c[i].label);
	}

	if (hints_width(c, n, gap) > (size_t)cols)
		gap = 1;
	if (hints_width(c, n, gap) > (size_t)cols)
		for (i = 0; i < n; i++)
			if (c[i].conventional)
				c[i].label_width = 0;
	/* The screen lists its keys most important first: the last ones lose labels first. */
	for (i = n - 1; i >= 0 && hints_width(c, n, gap) > (size_t)cols; i--)
		if (!c[i].keep)
			c[i].label_width = 0;
	/* A bar narrower than even the keys: the screen's last keys go, never F1 or F10. */
	while (hints_width(c, n, gap) > (size_t)cols && n > 0 && !c[0].keep) {
		for (i = n - 1; i >= 0 && c[i].keep; i--)
			;
		if (i < 0)
			break;
		memmove(&c[i], &c[i + 1], (n - i - 1) * sizeof c[0]);
		n--;
	}

	move(y, 0);
	clrtoeol();
	for (i = 0, x = 0; i < n; i++) {
		if (x + (int)c[i].key_width > cols)
			break;
		hints_put(y, x, c[i].key, 1);
		x += c[i].key_width;
		if (c[i].label_width > 0) {
			hints_put(y, x + 1, c[i].label, 0);
			x += 1 + (int)c[i].label_width;
		}
		x += gap;
	}
}
