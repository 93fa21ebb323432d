/* screens/import/: media import at the desk.
 * May use: lib/, db/, app/, screens/. */
/*
 * Import from media (SPEC §9, issue 21): above, the files waiting in the import spool;
 * below, the import requests, newest first. Enter on a file requests its import (what it
 * is, where it came from, what for); a supervisor then decides it, at this desk at once
 * (authenticating through PAM, never the requester) or later on this screen: a approves,
 * which imports the file whole or not at all; x rejects it with why. Tab moves between
 * the two lists.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/monitor-client.h"
#include "accounts/accounts.h"
#include "auth/two-person.h"
#include "config-file.h"
#include "i18n.h"
#include "import/import-requests.h"
#include "import/import-run.h"
#include "import/import-spool.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct import_state {
	struct ui		*ui;
	struct import_file	*files;
	size_t			 n_files;
	struct import_request	*reqs;
	size_t			 n_reqs;
	struct list		 file_list, req_list;
	int			 on_requests;	/* Tab: which list the keys move */
	int			 can_approve;	/* the role may decide: a and x offered */
	char			*spool_error;
};

static void	file_row(void *, int, int, int, int, int);
static void	req_row(void *, int, int, int, int, int);

static void
import_load(struct import_state *s)
{
	char	*cause = NULL;

	import_spool_list_free(s->files, s->n_files);
	import_requests_free(s->reqs, s->n_reqs);
	s->files = NULL;
	s->reqs = NULL;
	s->n_files = s->n_reqs = 0;
	free(s->spool_error);
	s->spool_error = NULL;
	if (import_spool_list(ui_config(s->ui)->import_spool, &s->files, &s->n_files,
	    &cause) != 0)
		s->spool_error = cause;
	cause = NULL;
	if (import_requests_list(ui_db(s->ui), 0, &s->reqs, &s->n_reqs, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->file_list, (int)s->n_files, file_row, s);
	list_init(&s->req_list, (int)s->n_reqs, req_row, s);
}

/* The pending request of a file in the spool, or NULL. */
static const struct import_request *
file_request(struct import_state *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->n_reqs; i++) {
		if (strcmp(s->reqs[i].file_name, name) == 0 &&
		    strcmp(s->reqs[i].status, "pending") == 0)
			return &s->reqs[i];
	}
	return NULL;
}

static void
file_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct import_state	*s = arg;
	struct import_file	*f = &s->files[row];
	const struct import_request *r = file_request(s, f->name);
	char			*line;

	(void)selected;
	if (f->why != NULL)
		xasprintf(&line, _("%s  not taken: %s"), f->name, f->why);
	else if (r != NULL)
		xasprintf(&line, _("%s  %lld bytes  requested by %s, waiting for a supervisor"),
		    f->name, (long long)f->size, r->requested_by);
	else
		xasprintf(&line, _("%s  %lld bytes  (Enter: request its import)"), f->name,
		    (long long)f->size);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void
req_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct import_state	*s = arg;
	struct import_request	*r = &s->reqs[row];
	char			*line, at[TIMESTAMP_SHOW_SIZE];

	(void)selected;
	timestamp_show(r->requested_at, ui_era_dates(s->ui), 0, at, sizeof at);
	xasprintf(&line, _("%-8s %s  %s by %s%s%s"), import_status_label(r->status),
	    r->file_name, at, r->requested_by, r->decided_by != NULL ? _(", decided by ") : "",
	    r->decided_by != NULL ? r->decided_by : "");
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
import_init(struct ui *ui, void *arg)
{
	struct import_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	s->can_approve = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "import.approve");
	import_load(s);
	return s;
}

/* The decision by approver: imported, or why not. */
static void
import_decide(struct import_state *s, const struct actor *approver, const char *id)
{
	char	*cause = NULL;
	int64_t	 records;
	int	 failed;

	if (import_approve(ui_db(s->ui), ui_config(s->ui), approver, id, &records, &failed,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else
		ui_set_message(s->ui, _("Imported, approved by %s: %lld records; the file is "
		    "erased from the import spool."), approver->user, (long long)records);
	import_load(s);
}

/* A supervisor at this desk decides the request just made (SPEC §2's desk approval). */
static void
import_approve_here(struct import_state *s, const char *id)
{
	struct auth_result	 res;
	struct actor		 approver;
	char			 purpose[128];

	snprintf(purpose, sizeof purpose, "import.approve %s", id);
	if (desk_supervisor(s->ui, _("Approve at this desk"), purpose, _("the request "
	    "waits."), &res, &approver) != 0)
		return;
	import_decide(s, &approver, id);
}

/* What the file is: guessed from its name, asked when the name does not say. */
static const char *
file_kind(struct import_state *s, const char *name)
{
	size_t		 len = strlen(name);
	char		 answer[8];

	if (strncmp(name, "JKRES_", 6) == 0)
		return "juki_result";
	if (len > 4 && strcasecmp(name + len - 4, ".csv") == 0)
		return "applications";
	if (dialog_input(s->ui, _("Request an import"), _("What is the file? 1 a Juki-net "
	    "result file, 2 registration applications (CSV):"), 0, answer,
	    sizeof answer) != 0)
		return NULL;
	if (strcmp(answer, "1") == 0)
		return "juki_result";
	if (strcmp(answer, "2") == 0)
		return "applications";
	ui_set_message(s->ui, _("Answer 1 or 2; nothing was requested."));
	return NULL;
}

static void
import_request_one(struct import_state *s, const struct import_file *f)
{
	struct actor	 who;
	const char	*kind;
	char		 source[200], purpose[300], id[37], *cause = NULL, *question, *name;

	if (f->why != NULL) {
		ui_set_message(s->ui, _("%s cannot be imported: %s"), f->name, f->why);
		return;
	}
	if (file_request(s, f->name) != NULL) {
		ui_set_message(s->ui, _("%s is requested already and waits for a supervisor."),
		    f->name);
		return;
	}
	if (ui_check_access(s->ui, "import.request") != 0 ||
	    (kind = file_kind(s, f->name)) == NULL)
		return;
	if (dialog_input(s->ui, _("Request an import"), _("Where did it come from (the "
	    "medium, who brought it)?"), 0, source, sizeof source) != 0 || *source == '\0' ||
	    dialog_input(s->ui, _("Request an import"), _("What is it for?"), 0, purpose,
	    sizeof purpose) != 0 || *purpose == '\0') {
		ui_set_message(s->ui, _("Nothing was requested: a request says where the file "
		    "came from and why."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	/* import_load frees the list f is in: its name is needed after. */
	name = xstrdup(f->name);
	if (import_request_file(ui_db(s->ui), ui_config(s->ui), &who, kind, name, source,
	    purpose, id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		import_load(s);
		free(name);
		return;
	}
	import_load(s);
	ui_set_message(s->ui, _("Requested the import of %s (%s); a supervisor decides it."),
	    name, import_kind_label(kind));
	xasprintf(&question, _("Requested the import of %s.\nIs a supervisor here to approve "
	    "it now? The supervisor authenticates on this terminal."), name);
	free(name);
	if (dialog_confirm(s->ui, _("Approve at this desk"), question))
		import_approve_here(s, id);
	free(question);
}

static void
request_show(struct import_state *s, const struct import_request *r)
{
	char	*text, at[TIMESTAMP_SHOW_SIZE];

	timestamp_show(r->requested_at, ui_era_dates(s->ui), 0, at, sizeof at);
	xasprintf(&text, _("%s (%s), %lld bytes\nSHA-256:\n%s\nFrom: %s\nFor: %s\nRequested by "
	    "%s, %s\nState: %s%s%s\n%s"), r->file_name, import_kind_label(r->kind),
	    (long long)r->size, r->sha256, r->source, r->purpose, r->requested_by, at,
	    import_status_label(r->status), r->decided_by != NULL ? _(", decided by ") : "",
	    r->decided_by != NULL ? r->decided_by : "", r->outcome != NULL ? r->outcome : "");
	dialog_message(s->ui, _("Import request"), text);
	free(text);
}

static void
request_reject(struct import_state *s, const struct import_request *r)
{
	struct actor	 who;
	char		 why[200], *cause = NULL;

	if (dialog_input(s->ui, _("Reject an import"), _("Why is it rejected?"), 0, why,
	    sizeof why) != 0 || *why == '\0') {
		ui_set_message(s->ui, _("Not rejected: a rejection says why."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (import_reject(ui_db(s->ui), ui_config(s->ui), &who, r->id, why, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Rejected; %s is erased from the import spool."), r->file_name);
	import_load(s);
}

static enum key_result
import_key(void *state, const struct key_event *ev)
{
	struct import_state	*s = state;
	struct actor		 who;
	struct list		*l = s->on_requests ? &s->req_list : &s->file_list;
	const struct import_request *r;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(l, ev, 5))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	if (ev->code == '\t') {
		s->on_requests = !s->on_requests;
		return KEY_HANDLED;
	}
	if (!s->on_requests) {
		if ((ev->code == '\r' || ev->code == '\n') && s->n_files > 0) {
			import_request_one(s, &s->files[s->file_list.selected]);
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	}
	if (s->n_reqs == 0)
		return KEY_UNHANDLED;
	r = &s->reqs[s->req_list.selected];
	if (ev->code == '\r' || ev->code == '\n') {
		request_show(s, r);
		return KEY_HANDLED;
	}
	if (ev->code == 'a') {
		if (ui_check_access(s->ui, "import.approve") == 0) {
			session_actor(ui_session(s->ui), &who);
			import_decide(s, &who, r->id);
		}
		return KEY_HANDLED;
	}
	if (ev->code == 'x') {
		if (ui_check_access(s->ui, "import.approve") == 0)
			request_reject(s, r);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
import_draw(void *state, struct ui *ui)
{
	struct import_state	*s = state;
	static const struct key_hint approve_hints[] = {
		{ "Tab", N_("Switch") }, { "Enter", N_("Request/show") },
		{ "a", N_("Approve") }, { "x", N_("Reject") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint request_hints[] = {
		{ "Tab", N_("Switch") }, { "Enter", N_("Request/show") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 cols = ui_cols(ui), lines = ui_lines(ui), mid = lines / 2 - 1;

	ui_draw_frame(ui, _("Import from media"), s->can_approve ? approve_hints :
	    request_hints);
	ui_put(2, 2, cols - 4, s->on_requests ? _("  Files in the import spool") :
	    _("▶ Files in the import spool"));
	if (s->spool_error != NULL)
		(void)ui_put_wrapped(3, 4, cols - 6, 2, s->spool_error);
	else if (s->n_files == 0)
		ui_put(3, 4, cols - 6, _("No file is waiting. Copy the files from the medium "
		    "into the import spool."));
	else
		list_draw(&s->file_list, 3, 1, cols - 2, mid - 3);
	ui_put(mid + 1, 2, cols - 4, s->on_requests ? _("▶ Import requests") :
	    _("  Import requests"));
	if (s->n_reqs == 0)
		ui_put(mid + 2, 4, cols - 6, _("No import has been requested."));
	else
		list_draw(&s->req_list, mid + 2, 1, cols - 2, lines - mid - 5);
}

static void
import_free(void *state)
{
	struct import_state	*s = state;

	import_spool_list_free(s->files, s->n_files);
	import_requests_free(s->reqs, s->n_reqs);
	free(s->spool_error);
	free(s);
}

const struct screen_ops screen_import = {
	.name = "import",
	.help = N_("Import from media: the files waiting in the import spool and the "
	    "import requests. Enter on a file requests its import (where it came "
	    "from, what for); a supervisor other than the requester approves (a) or "
	    "rejects (x). A file comes in whole or not at all. Tab switches lists."),
	.init = import_init,
	.key = import_key,
	.draw = import_draw,
	.free = import_free,
};
