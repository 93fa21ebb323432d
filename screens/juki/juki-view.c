/*
 * An answer beside the record (SPEC §5: "compare with the register side by side,
 * differences highlighted → apply with supervisor approval where identity items change").
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "juki.h"
#include "juki/juki-view.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

int
juki_view_load(struct ui *ui, const char *holder_id, const struct juki_result_row *r,
    struct juki_cmp *c)
{
	struct holder_view	 h;
	struct actor		 who;
	struct tm		 tm;
	time_t			 now = time(NULL);
	char			*cause = NULL, today[11];

	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	juki_cmp_build(c, h.values, h.n_values, r, ui_era_dates(ui), today);
	holder_view_clear(&h);
	return 0;
}

static void
put_part(int y, int x, int width, const char *s, size_t len)
{
	char	*part = xstrndup(s, len);

	ui_put(y, x, width, part);
	free(part);
}

/*
 * One item: label, register value, Juki-net value. A value wider than its column goes on
 * in the lines below (an address is often wider than half the screen, and the part that
 * differs is usually at its end). Returns the line after the row.
 */
static int
draw_row(const struct juki_cmp_row *row, int y, int half)
{
	const char	*reg = row->registered, *juki = row->juki;
	size_t		 n, m;
	int		 first = 1;

	do {
		/* The mark shows on any terminal; the highlight where there are attributes. */
		if (first) {
			ui_put(y, 0, 2, row->differs ? "≠" : "");
			ui_put(y, 2, 18, row->label);
		}
		if (row->differs)
			attron(A_REVERSE);
		n = textwidth_prefix(reg, (size_t)half, NULL);
		m = textwidth_prefix(juki, (size_t)half, NULL);
		put_part(y, 22, half, reg, n);
		put_part(y, 23 + half, half, juki, m);
		if (n == 0 && m == 0)	/* a screen too narrow for one character */
			break;
		reg += n;
		juki += m;
		if (row->differs)
			attroff(A_REVERSE);
		first = 0;
		y++;
	} while (*reg != '\0' || *juki != '\0');
	return y;
}

int
juki_view_draw(struct ui *ui, const struct juki_cmp *c, const struct juki_result_row *r,
    int y)
{
	const struct juki_cmp_row	*row;
	int				 cols = ui_cols(ui), half = (cols - 24) / 2;
	char				*line;

	attron(A_BOLD);
	ui_put(y, 2, 18, _("Item"));
	ui_put(y, 22, half, _("Register"));
	ui_put(y, 23 + half, half, _("Juki-net"));
	attroff(A_BOLD);
	y++;
	for (row = c->rows; row < c->rows + JUKI_CMP_COUNT; row++)
		y = draw_row(row, y, half);
	y++;
	xasprintf(&line, "%s: %s  %s: %s", _("Result"),
	    juki_result_name((enum juki_result_code)r->result_code), _("Status"), c->status);
	ui_put(y++, 2, cols - 4, line);
	free(line);
	if (*r->old_name != '\0') {
		xasprintf(&line, "%s: %s %s", _("Former name (旧氏)"), r->old_name, r->old_kana);
		ui_put(y++, 2, cols - 4, line);
		free(line);
	}
	if (c->gaiji) {
		attron(A_BOLD);
		y += ui_put_wrapped(y, 2, cols - 4, 2, _("外字あり — confirm against the "
		    "documents (〓 marks a character Juki-net could not send)."));
		attroff(A_BOLD);
	}
	if (c->differences == 0)
		ui_put(y++, 2, cols - 4, _("The register agrees with Juki-net."));
	else {
		xasprintf(&line, _("%d item(s) differ (marked ≠)."), c->differences);
		ui_put(y++, 2, cols - 4, line);
		free(line);
	}
	if (c->not_applied != NULL)
		ui_put(y++, 2, cols - 4, c->not_applied);
	return y;
}

int
juki_view_apply(struct ui *ui, const char *holder_id, const struct juki_cmp *c, int desk)
{
	struct actor	 who;
	char		*cause = NULL, id[37];

	if (ui_check_access(ui, "register.apply") != 0)
		return -1;
	if (c->n_changes == 0) {
		ui_set_message(ui, "%s", c->not_applied != NULL ? c->not_applied :
		    _("Nothing to take over: the register agrees with Juki-net."));
		return -1;
	}
	if (!dialog_confirm(ui, _("Correction application"), _("Submit the differences as "
	    "a correction application for a supervisor to approve?")))
		return -1;
	session_actor(ui_session(ui), &who);
	if (application_submit(ui_db(ui), &who, APP_CORRECTION, holder_id, NULL, c->changes,
	    c->n_changes, id, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Correction application %s submitted; a supervisor approves "
	    "it."), reception_number_of(ui, id));
	if (desk)
		desk_approval_run(ui, id, _("the correction"));
	return 0;
}
