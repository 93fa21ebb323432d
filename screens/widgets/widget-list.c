/* A list: selection and scrolling; the screen draws each row. */
#include "config.h"

#include <curses.h>

#include "widgets/widget.h"

void
list_init(struct list *l, int n, void (*draw_row)(void *, int, int, int, int, int),
    void *arg)
{
	l->n = n;
	l->selected = 0;
	l->top = 0;
	l->draw_row = draw_row;
	l->arg = arg;
}

/* Up/Down/PgUp/PgDn/Home/End; page is the number of visible rows. */
int
list_key(struct list *l, const struct key_event *ev, int page)
{
	if (!ev->is_func || l->n == 0)
		return 0;
	switch (ev->code) {
	case KEY_UP:
		l->selected = l->selected > 0 ? l->selected - 1 : 0;
		return 1;
	case KEY_DOWN:
		l->selected = l->selected < l->n - 1 ? l->selected + 1 : l->n - 1;
		return 1;
	case KEY_PPAGE:
		l->selected = l->selected > page ? l->selected - page : 0;
		return 1;
	case KEY_NPAGE:
		l->selected = l->selected + page < l->n ? l->selected + page : l->n - 1;
		return 1;
	case KEY_HOME:
		l->selected = 0;
		return 1;
	case KEY_END:
		l->selected = l->n - 1;
		return 1;
	}
	return 0;
}

void
list_draw(struct list *l, int y, int x, int width, int height)
{
	int	 i;

	if (height <= 0)
		return;
	if (l->selected < l->top)
		l->top = l->selected;
	if (l->selected >= l->top + height)
		l->top = l->selected - height + 1;
	for (i = 0; i < height && l->top + i < l->n; i++) {
		/*
		 * The selected row carries the hardware cursor, unless a field being typed in
		 * has it: a screen reader (brltty, speakup) follows the selection.
		 */
		if (l->top + i == l->selected && !ui_cursor_taken())
			ui_cursor_at(y + i, x + 1);
		if (l->top + i == l->selected)
			attron(A_REVERSE);
		mvhline(y + i, x, ' ', width);
		l->draw_row(l->arg, l->top + i, y + i, x, width, l->top + i == l->selected);
		if (l->top + i == l->selected)
			attroff(A_REVERSE);
	}
}
