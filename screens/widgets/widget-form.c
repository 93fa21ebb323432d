/* A form: labelled fields, one per line, each with room for its error underneath. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "i18n.h"
#include "textwidth.h"
#include "widgets/widget.h"

void
form_init(struct form *form, struct field *fields, int n)
{
	int	 i, w;

	form->fields = fields;
	form->n = n;
	form->current = 0;
	form->top = 0;
	form->unfocused = 0;
	form->label_width = 0;
	for (i = 0; i < n; i++) {
		w = (int)textwidth(fields[i].label);
		if (w > form->label_width)
			form->label_width = w;
	}
}

/* Tab, Shift-Tab, Up and Down move between fields; everything else goes to the field. */
int
form_key(struct form *form, const struct key_event *ev)
{
	if ((!ev->is_func && ev->code == '\t') || (ev->is_func && ev->code == KEY_DOWN)) {
		form->current = (form->current + 1) % form->n;
		return 1;
	}
	if (ev->is_func && (ev->code == KEY_BTAB || ev->code == KEY_UP)) {
		form->current = (form->current + form->n - 1) % form->n;
		return 1;
	}
	return field_key(&form->fields[form->current], ev);
}

/* Two lines per field: the field, and its error (if any) underneath. */
void
form_draw(struct form *form, int y, int x, int width)
{
	form_draw_in(form, y, x, width, 2 * form->n);
}

/*
 * The same within height lines: the form scrolls so that the current field and its error
 * line are always on screen, with a mark where fields are hidden above or below.
 */
void
form_draw_in(struct form *form, int y, int x, int width, int height)
{
	struct field	*f;
	int		 i, fx = x + form->label_width + 2, rows = height / 2, ex, ew;

	if (rows < 1)
		rows = 1;
	if (form->current < form->top)
		form->top = form->current;
	if (form->current >= form->top + rows)
		form->top = form->current - rows + 1;
	if (form->top > 0 && form->top > form->n - rows)
		form->top = form->n - rows > 0 ? form->n - rows : 0;
	for (i = form->top; i < form->n && i < form->top + rows; i++) {
		f = &form->fields[i];
		ui_put(y, x, form->label_width + 1, f->label);
		field_draw(f, y, fx, width - (fx - x), i == form->current && !form->unfocused);
		if (i == form->current && !form->unfocused)
			ui_help_field(f->label, f->rule);
		if (f->error != NULL) {
			/*
			 * A long message starts further left rather than being cut; one
			 * longer than the line ends in "…" here and is shown whole in the
			 * message area while the cursor is in its field.
			 */
			ex = fx;
			ew = (int)textwidth(f->error);
			if (ex + ew > x + width)
				ex = ew < width ? x + width - ew : x;
			attron(A_BOLD);
			ui_put_ellipsis(y + 1, ex, x + width - ex, f->error);
			attroff(A_BOLD);
			if (ew > width && i == form->current && !form->unfocused)
				ui_field_error_long(f->error);
		}
		y += 2;
	}
	if (form->top > 0)
		ui_put(y - 2 * (i - form->top), x + width - 1, 1, "^");
	if (i < form->n)
		ui_put(y - 1, x + width - 1, 1, "v");
}

int
form_changed(const struct form *form)
{
	int	 i;

	for (i = 0; i < form->n; i++) {
		if (form->fields[i].changed)
			return 1;
	}
	return 0;
}

int
form_has_errors(const struct form *form)
{
	int	 i;

	for (i = 0; i < form->n; i++) {
		if (form->fields[i].error != NULL)
			return 1;
	}
	return 0;
}

void
form_focus_first_error(struct form *form)
{
	int	 i;

	for (i = 0; i < form->n; i++) {
		if (form->fields[i].error != NULL) {
			form->current = i;
			return;
		}
	}
}

enum key_result
form_screen_key(struct form *form, struct ui *ui, const struct key_event *ev, int *submit)
{
	*submit = 0;
	/* F10 logs out; what was typed is never thrown away without asking. */
	if (ev->is_func && ev->code == KEY_F(10)) {
		if (form_changed(form) && !dialog_confirm(ui, _("Unsaved changes"),
		    _("Log out and lose what was typed?")))
			return KEY_HANDLED;
		return KEY_QUIT;
	}
	if (!ev->is_func && ev->code == 0x1b) {
		if (form_changed(form) && !dialog_confirm(ui, _("Unsaved changes"),
		    _("Leave this form and lose what was typed?")))
			return KEY_HANDLED;
		return KEY_BACK;
	}
	if ((ev->is_func && ev->code == KEY_F(2)) ||
	    (!ev->is_func && (ev->code == '\r' || ev->code == '\n') &&
	    form->current == form->n - 1)) {
		*submit = 1;
		return KEY_HANDLED;
	}
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n')) {
		form->current++;
		return KEY_HANDLED;
	}
	return form_key(form, ev) ? KEY_HANDLED : KEY_UNHANDLED;
}
