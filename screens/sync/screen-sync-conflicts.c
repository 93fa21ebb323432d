/* screens/sync/: the conflict queue and the sync state on the title line.
 * May use: lib/, db/, app/, screens/. */
/*
 * The sync conflict queue (SPEC §10), for supervisors: records changed here and at another
 * terminal since their last common version. Nothing is overwritten silently: a
 * supervisor opens each, sees the two versions item by item, and keeps this terminal's
 * version (l) or takes the central one (r). Opening one shows personal data and is
 * audited; so is the choice.
 *
 * Many conflicts can have one cause (a registration whose number is taken here, and its
 * events with it): the queue counts them by kind and cause at its top, lists them group by
 * group, and takes one decision for the whole group of the selected row (L, R), each
 * conflict of it resolved, recorded and audited as if chosen alone.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "sync/sync-labels.h"
#include "sync/sync-store.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct conflicts_state {
	struct ui			*ui;
	struct sync_conflict		*rows;
	size_t				 n;
	struct sync_conflict_group	*groups;
	size_t				 n_groups;
	char				*summary;
	struct list			 list;
	int				 is_open;
	struct sync_conflict		 open;
	struct sync_conflict_item	*items;
	size_t				 n_items;
};

static void	*conflicts_init(struct ui *, void *);
static enum key_result conflicts_key(void *, const struct key_event *);
static void	 conflicts_draw(void *, struct ui *);
static void	 conflicts_free(void *);
static void	 conflicts_load(struct conflicts_state *);
static void	 conflicts_open(struct conflicts_state *);
static void	 conflicts_close(struct conflicts_state *);
static void	 conflicts_choose(struct conflicts_state *, enum sync_choice);
static void	 conflicts_choose_group(struct conflicts_state *, enum sync_choice);
static void	 conflicts_draw_row(void *, int, int, int, int, int);

/* Why a conflict waits, as the queue's column and its summary say it. */
static const char *
cause_label(const char *entity, const char *cause)
{
	if (strcmp(cause, "number-taken") == 0)
		return _("certificate number held by another record");
	if (strcmp(cause, "follows") == 0)
		return strcmp(entity, "event") == 0 ? _("event of a registration in the queue") :
		    _("its record waits in the queue");
	if (strcmp(cause, "changed-here") == 0)
		return _("changed here as well");
	if (strcmp(cause, "checks") == 0)
		return _("refused by this terminal's checks");
	if (strcmp(cause, "delete") == 0)
		return _("deleted at another terminal");
	return _("other");
}

/* The same, as short as the queue's column is. */
static const char *
cause_short(const char *cause)
{
	if (strcmp(cause, "number-taken") == 0)
		return _("number taken");
	if (strcmp(cause, "follows") == 0)
		return _("follows record");
	if (strcmp(cause, "changed-here") == 0)
		return _("changed here");
	if (strcmp(cause, "checks") == 0)
		return _("checks");
	if (strcmp(cause, "delete") == 0)
		return _("deleted");
	return _("other");
}

/* "12000 conflicts: 6000 registration (certificate number ...); 6000 event (...)". */
static char *
groups_summary(const struct sync_conflict_group *g, size_t n)
{
	char	*out, *next;
	int64_t	 total = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		total += g[i].count;
	xasprintf(&out, ngettext("%lld conflict:", "%lld conflicts:", (unsigned long)total),
	    (long long)total);
	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s%s %lld %s (%s)", out, i > 0 ? ";" : "",
		    (long long)g[i].count, sync_entity_label(g[i].entity),
		    cause_label(g[i].entity, g[i].cause));
		free(out);
		out = next;
	}
	return out;
}

static void
conflicts_load(struct conflicts_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	sync_conflicts_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	session_actor(ui_session(s->ui), &who);
	if (sync_conflicts_open(ui_db(s->ui), &who, &s->rows, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	sync_conflict_groups_free(s->groups, s->n_groups);
	s->groups = NULL;
	s->n_groups = 0;
	free(s->summary);
	s->summary = NULL;
	if (sync_conflict_groups(ui_db(s->ui), &s->groups, &s->n_groups, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else if (s->n_groups > 0)
		s->summary = groups_summary(s->groups, s->n_groups);
	list_init(&s->list, (int)s->n, conflicts_draw_row, s);
}

/* One decision for the group of the selected row. */
static void
conflicts_choose_group(struct conflicts_state *s, enum sync_choice choice)
{
	struct sync_conflict	*c = &s->rows[s->list.selected];
	struct actor		 who;
	char			*cause = NULL, *question;
	int64_t			 n = 0, done;
	size_t			 i;

	for (i = 0; i < s->n_groups; i++) {
		if (strcmp(s->groups[i].entity, c->entity) == 0 &&
		    strcmp(s->groups[i].cause, c->cause) == 0)
			n = s->groups[i].count;
	}
	xasprintf(&question, choice == SYNC_KEEP_LOCAL ?
	    _("Keep this terminal's version for all %lld conflicts of %s (%s)? Each is "
	    "recorded and audited.") : _("Take the central version for all %lld conflicts of "
	    "%s (%s)? Each is recorded and audited."), (long long)n, sync_entity_label(c->entity),
	    cause_label(c->entity, c->cause));
	if (dialog_confirm(s->ui, _("Resolve the group"), question) != 1) {
		free(question);
		return;
	}
	free(question);
	session_actor(ui_session(s->ui), &who);
	if (sync_conflicts_resolve_group(ui_db(s->ui), &who, c->entity, c->cause, choice,
	    &done, &cause) != 0) {
		ui_set_message(s->ui, _("Nothing of the group was resolved: %s"), cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, ngettext("%lld conflict resolved.", "%lld conflicts resolved.",
	    (unsigned long)done), (long long)done);
	conflicts_load(s);
}

static void *
conflicts_init(struct ui *ui, void *arg)
{
	struct conflicts_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	conflicts_load(s);
	return s;
}

static void
conflicts_close(struct conflicts_state *s)
{
	if (!s->is_open)
		return;
	sync_conflict_clear(&s->open);
	sync_conflict_items_free(s->items, s->n_items);
	s->items = NULL;
	s->n_items = 0;
	s->is_open = 0;
}

static void
conflicts_open(struct conflicts_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	conflicts_close(s);
	session_actor(ui_session(s->ui), &who);
	if (sync_conflict_get(ui_db(s->ui), &who, s->rows[s->list.selected].id, &s->open,
	    &cause) != 0 || sync_conflict_items(ui_db(s->ui), &s->open, &s->items,
	    &s->n_items, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		sync_conflict_clear(&s->open);
		return;
	}
	s->is_open = 1;
}

static void
conflicts_choose(struct conflicts_state *s, enum sync_choice choice)
{
	struct actor	 who;
	char		*cause = NULL;
	const char	*question;

	question = choice == SYNC_KEEP_LOCAL ?
	    _("Keep this terminal's version? It replaces the central one at every terminal.") :
	    _("Take the central version? This terminal's version of the record is replaced.");
	if (dialog_confirm(s->ui, _("Resolve the conflict"), question) != 1)
		return;
	session_actor(ui_session(s->ui), &who);
	if (sync_conflict_resolve(ui_db(s->ui), &who, s->open.id, choice, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, choice == SYNC_KEEP_LOCAL ? _("Conflict resolved: this "
	    "terminal's version is kept; it goes out with the next sync.") :
	    _("Conflict resolved: the central version is taken."));
	conflicts_close(s);
	conflicts_load(s);
}

static void
conflicts_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct conflicts_state	*s = arg;
	struct sync_conflict	*c = &s->rows[row];

	(void)selected;
	ui_put_time(s->ui, y, x + 1, 16, c->opened_at);
	ui_put(y, x + 18, 10, sync_entity_label(c->entity));
	ui_put(y, x + 29, 14, cause_short(c->cause));
	ui_put(y, x + 44, 12, c->remote_terminal != NULL ? c->remote_terminal : "");
	ui_put(y, x + 57, width - 58, c->entity_id);
}

static enum key_result
conflicts_key(void *state, const struct key_event *ev)
{
	struct conflicts_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b) {
		if (!s->is_open)
			return KEY_BACK;
		conflicts_close(s);
		return KEY_HANDLED;
	}
	if (!s->is_open && list_key(&s->list, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (ev->is_func || s->n == 0)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		if (!s->is_open)
			conflicts_open(s);
		return KEY_HANDLED;
	case 'l':
		if (s->is_open)
			conflicts_choose(s, SYNC_KEEP_LOCAL);
		return KEY_HANDLED;
	case 'r':
		if (s->is_open)
			conflicts_choose(s, SYNC_TAKE_REMOTE);
		return KEY_HANDLED;
	case 'L':
	case 'R':
		if (!s->is_open)
			conflicts_choose_group(s, ev->code == 'L' ? SYNC_KEEP_LOCAL :
			    SYNC_TAKE_REMOTE);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

/*
 * The two versions side by side; the items that differ first, in bold. The central
 * version's heading takes two lines: with the other terminal's name it did not fit its
 * column at 80 columns. What is cut ends in "…".
 */
static void
conflicts_draw_open(struct conflicts_state *s, struct ui *ui)
{
	int	 y, w, i, cols = ui_cols(ui), lines = ui_lines(ui);
	char	*head;

	w = (cols - 26) / 2;
	/* A change this terminal's checks refused has no side here: no version 0. */
	if (s->open.local_payload == NULL)
		head = xstrdup(_("Changed here: none"));
	else
		xasprintf(&head, _("Changed here (version %lld)"),
		    (long long)s->open.local_version);
	attron(A_BOLD);
	ui_put(2, 2, 22, _("Item"));
	ui_put_ellipsis(2, 25, w, head);
	free(head);
	xasprintf(&head, _("Central (version %lld)"), (long long)s->open.remote_version);
	ui_put_ellipsis(2, 26 + w, w, head);
	free(head);
	xasprintf(&head, _("from %s"), s->open.remote_terminal != NULL ?
	    s->open.remote_terminal : "-");
	ui_put_ellipsis(3, 26 + w, w, head);
	free(head);
	attroff(A_BOLD);
	y = 4;
	/* Why this terminal could not take the change (its checks, its constraints). */
	if (s->open.reason != NULL && *s->open.reason != '\0') {
		xasprintf(&head, _("Why: %s"), s->open.reason);
		attron(A_BOLD);
		y += ui_put_wrapped(y, 2, cols - 4, 2, head);
		attroff(A_BOLD);
		free(head);
	}
	for (i = 0; i < (int)s->n_items && y < lines - 3; i++, y++) {
		if (s->items[i].differs)
			attron(A_BOLD);
		ui_put_ellipsis(y, 2, 22, sync_member_label(s->open.entity, s->items[i].member));
		ui_put_ellipsis(y, 25, w, s->items[i].local != NULL ? s->items[i].local : "—");
		ui_put_ellipsis(y, 26 + w, w, s->items[i].remote != NULL ? s->items[i].remote :
		    "—");
		if (s->items[i].differs)
			attroff(A_BOLD);
	}
}

static void
conflicts_draw(void *state, struct ui *ui)
{
	struct conflicts_state	*s = state;
	static const struct key_hint list_hints[] = {
		{ "Enter", N_("Open") }, { "L", N_("Group: keep") }, { "R", N_("Group: central") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint open_hints[] = {
		{ "l", N_("Keep this terminal's") }, { "r", N_("Take central") },
		{ "Esc", N_("List") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	char			*title;
	int			 y;

	if (s->is_open) {
		xasprintf(&title, _("Sync conflict: %s %s"), sync_entity_label(s->open.entity),
		    s->open.entity_id);
		ui_draw_frame(ui, title, open_hints);
		free(title);
		conflicts_draw_open(s, ui);
		return;
	}
	ui_draw_frame(ui, _("Sync conflicts"), list_hints);
	if (s->n == 0) {
		ui_put(4, 2, ui_cols(ui) - 4, _("No conflict waits for a decision."));
		return;
	}
	/* The groups first, then the conflicts group by group. */
	y = 2 + ui_put_wrapped(2, 2, ui_cols(ui) - 4, 3, s->summary != NULL ? s->summary : "");
	attron(A_BOLD);
	ui_put(y, 2, 16, _("Found"));
	ui_put(y, 19, 10, _("Kind"));
	ui_put(y, 30, 14, _("Why"));
	ui_put(y, 45, 12, _("Other terminal"));
	ui_put(y, 58, ui_cols(ui) - 59, _("Record"));
	attroff(A_BOLD);
	list_draw(&s->list, y + 1, 1, ui_cols(ui) - 2, ui_lines(ui) - y - 3);
}

static void
conflicts_free(void *state)
{
	struct conflicts_state	*s = state;

	conflicts_close(s);
	sync_conflicts_free(s->rows, s->n);
	sync_conflict_groups_free(s->groups, s->n_groups);
	free(s->summary);
	free(s);
}

const struct screen_ops screen_sync_conflicts = {
	.name = "sync-conflicts",
	.help = N_("Changes another terminal made to the same record: compare them and "
	    "keep this terminal's or take the central store's. Nothing is decided "
	    "silently."),
	.init = conflicts_init,
	.key = conflicts_key,
	.draw = conflicts_draw,
	.free = conflicts_free,
};
