/*
 * The media register (媒体管理簿, SPEC §9, issue 21) for supervisors and auditors: every
 * export with its grant (who granted it, for what, to whom), who made it, who checked it,
 * its counts, its file's SHA-256 and whether it left; and every import from media with
 * its request and decision. Newest first, one list. Opening it is audited; l records
 * that an export left the office.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "export/export-grants.h"
#include "i18n.h"
#include "import/import-requests.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* A line of the list: an export or an import, by its index in its own array. */
struct media_line {
	int		 import;
	size_t		 i;
	const char	*at;
};

struct media_state {
	struct ui		*ui;
	struct export_entry	*v;
	size_t			 n;
	struct import_request	*imports;
	size_t			 n_imports;
	struct media_line	*lines;
	size_t			 n_lines;
	struct list		 list;
	int			 can_left;	/* l offered: the role may record it */
};

static void	media_load(struct media_state *);

static void
media_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct media_state	*s = arg;
	struct media_line	*ml = &s->lines[row];
	struct export_entry	*e;
	struct import_request	*r;
	char			 at[TIMESTAMP_SHOW_SIZE], *line;

	(void)selected;
	timestamp_show(ml->at, ui_era_dates(s->ui), 0, at, sizeof at);
	if (ml->import) {
		r = &s->imports[ml->i];
		xasprintf(&line, _("%s  import %s, %s (%s → %s)"), at, r->file_name,
		    import_status_label(r->status), r->requested_by,
		    r->decided_by != NULL ? r->decided_by : "?");
	} else {
		e = &s->v[ml->i];
		xasprintf(&line, _("%s  export, %lld rows, made by %s, checked by %s"), at,
		    (long long)e->rows, e->made_by, e->checked_by);
	}
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
media_init(struct ui *ui, void *arg)
{
	struct media_state	*s = xcalloc(1, sizeof *s);
	struct actor		 who;

	(void)arg;
	s->ui = ui;
	/* Recording that an export left is the exporter's (export.run), not a reader's. */
	s->can_left = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "export.run");
	if (ui_check_access(ui, "export.register") == 0) {
		media_load(s);
		session_actor(ui_session(ui), &who);
		(void)audit_actor(ui_db(ui), &who, "export.register.view", "", "ok", "", NULL);
	}
	list_init(&s->list, (int)s->n_lines, media_row, s);
	return s;
}

static void
import_detail(struct media_state *s, const struct import_request *r, int y, int cols)
{
	char	*line;

	xasprintf(&line, _("%s (%s), %lld bytes, from %s"), r->file_name,
	    import_kind_label(r->kind), (long long)r->size, r->source);
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	xasprintf(&line, _("For: %s"), r->purpose);
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	xasprintf(&line, "SHA-256 %s", r->sha256);
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	if (r->outcome != NULL)
		(void)ui_put_wrapped(y, 2, cols - 4, 3, r->outcome);
	else
		(void)ui_put_wrapped(y, 2, cols - 4, 1, _("Waiting for a supervisor's "
		    "decision."));
}

static void
media_detail(struct media_state *s, int y, int cols)
{
	struct media_line	*ml = &s->lines[s->list.selected];
	struct export_entry	*e = &s->v[ml->i];
	char			*line, at[TIMESTAMP_SHOW_SIZE];

	if (ml->import) {
		import_detail(s, &s->imports[ml->i], y, cols);
		return;
	}
	/* Line by line: a line break in a text is shown as what it is, never obeyed. */
	xasprintf(&line, _("To: %s"), e->recipient);
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	xasprintf(&line, _("For: %s (%s), granted by %s; %lld columns"), e->purpose,
	    e->procedure, e->granted_by, (long long)e->columns);
	y += ui_put_wrapped(y, 2, cols - 4, 2, line);
	free(line);
	xasprintf(&line, "SHA-256 %s", e->sha256);
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	if (e->left_at != NULL) {
		timestamp_show(e->left_at, ui_era_dates(s->ui), 0, at, sizeof at);
		xasprintf(&line, _("Left the office %s; the copy here is erased."), at);
	} else
		xasprintf(&line, _("Not handed over yet: the file is still here (l when it "
		    "has left)."));
	y += ui_put_wrapped(y, 2, cols - 4, 1, line);
	free(line);
	(void)ui_put_wrapped(y, 2, cols - 4, 2, e->file);
}

static int
line_cmp(const void *a, const void *b)
{
	/* Newest first. */
	return strcmp(((const struct media_line *)b)->at, ((const struct media_line *)a)->at);
}

static void
media_load(struct media_state *s)
{
	char	*cause = NULL;
	size_t	 i;

	export_register_free(s->v, s->n);
	import_requests_free(s->imports, s->n_imports);
	free(s->lines);
	s->v = NULL;
	s->imports = NULL;
	s->lines = NULL;
	s->n = s->n_imports = s->n_lines = 0;
	if (export_register_read(ui_db(s->ui), &s->v, &s->n, &cause) != 0 ||
	    import_requests_list(ui_db(s->ui), 0, &s->imports, &s->n_imports, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	s->lines = xcalloc(s->n + s->n_imports + 1, sizeof *s->lines);
	for (i = 0; i < s->n; i++) {
		s->lines[s->n_lines].i = i;
		s->lines[s->n_lines++].at = s->v[i].made_at;
	}
	for (i = 0; i < s->n_imports; i++) {
		s->lines[s->n_lines].import = 1;
		s->lines[s->n_lines].i = i;
		s->lines[s->n_lines++].at = s->imports[i].decided_at != NULL ?
		    s->imports[i].decided_at : s->imports[i].requested_at;
	}
	qsort(s->lines, s->n_lines, sizeof *s->lines, line_cmp);
}

/* The file was handed over on its medium: recorded, and the spool's copy erased. */
static void
media_left(struct media_state *s)
{
	struct media_line	*ml = &s->lines[s->list.selected];
	struct export_entry	*e = &s->v[ml->i];
	struct actor		 who;
	char			*cause = NULL, *question;
	int			 selected = s->list.selected;

	if (ml->import) {
		ui_set_message(s->ui, _("l is for an export that left the office."));
		return;
	}
	if (e->left_at != NULL) {
		ui_set_message(s->ui, _("That export has left already."));
		return;
	}
	xasprintf(&question, _("Has this export left the office, handed over to %s?\nIts "
	    "copy in the export spool will be erased."), e->recipient);
	if (!dialog_confirm(s->ui, _("Media register (媒体管理簿)"), question)) {
		free(question);
		return;
	}
	free(question);
	session_actor(ui_session(s->ui), &who);
	if (export_register_left(ui_db(s->ui), &who, e->id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Recorded that the export left; its copy here is erased."));
	media_load(s);
	list_init(&s->list, (int)s->n_lines, media_row, s);
	s->list.selected = selected < (int)s->n_lines ? selected : 0;
}

static enum key_result
media_key(void *state, const struct key_event *ev)
{
	struct media_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 11))
		return KEY_HANDLED;
	if (!ev->is_func && ev->code == 'l' && s->n_lines > 0) {
		if (ui_check_access(s->ui, "export.run") == 0)
			media_left(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
media_draw(void *state, struct ui *ui)
{
	struct media_state	*s = state;
	static const struct key_hint left_hints[] = {
		{ "↑↓", N_("Select") }, { "l", N_("Left the office") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint read_hints[] = {
		{ "↑↓", N_("Select") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	int			 cols = ui_cols(ui), lines = ui_lines(ui);

	ui_draw_frame(ui, _("Media register (媒体管理簿)"), s->can_left ? left_hints :
	    read_hints);
	if (s->n_lines == 0) {
		ui_put(3, 2, cols - 4, _("No export has been made and nothing imported."));
		return;
	}
	list_draw(&s->list, 2, 1, cols - 2, lines - 11);
	ui_rule(lines - 9, 1, cols - 2);
	media_detail(s, lines - 8, cols);
}

static void
media_free(void *state)
{
	struct media_state	*s = state;

	export_register_free(s->v, s->n);
	import_requests_free(s->imports, s->n_imports);
	free(s->lines);
	free(s);
}

const struct screen_ops screen_media_register = {
	.name = "media-register",
	.help = N_("The media register (媒体管理簿): every export with its grant, who made it "
	    "and who checked it, and every import from media with its decision. l "
	    "records that an export was handed over; its copy on this terminal is "
	    "then erased."),
	.init = media_init,
	.key = media_key,
	.draw = media_draw,
	.free = media_free,
};
