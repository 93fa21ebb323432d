/* screens/export/: governed export at the desk.
 * May use: lib/, db/, app/, screens/. */
/*
 * Granting an export (SPEC §9, issue 21): a supervisor names the user who will run it,
 * the purpose and procedure (事務), the holders (by certificate numbers, or by a name and
 * birth date as at the search screen; only this office's register is searched), the
 * columns with their masks, the encoding, the recipient and their certificate file, and
 * how long the grant holds. Before it is made the screen shows who the holders are, so a
 * search that caught the wrong people is seen before anything is granted.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-file.h"
#include "export/export-cms.h"
#include "export/export-grants.h"
#include "i18n.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* Holders named in the confirmation before the grant is made. */
#define CONFIRM_NAMES	5
/* At most this many holders by name: more is a list, not a search. */
#define GRANT_MAX_HOLDERS	500

enum {
	F_GRANTEE,
	F_PURPOSE,
	F_PROCEDURE,
	F_CERTIFICATES,
	F_NAME,
	F_BIRTH,
	F_COLUMNS,
	F_ENCODING,
	F_RECIPIENT,
	F_CERT_FILE,
	F_HOURS,
	F_SINGLE,
	F_COUNT
};

struct grant_new_state {
	struct ui	*ui;
	struct field	 fields[F_COUNT];
	struct form	 form;
};

static void *
grant_new_init(struct ui *ui, void *arg)
{
	struct grant_new_state	*s = xcalloc(1, sizeof *s);
	char			 hours[16];

	(void)arg;
	s->ui = ui;
	field_init(&s->fields[F_GRANTEE], _("Who runs it (user name)"), 32, 0);
	field_init(&s->fields[F_PURPOSE], _("Purpose"), 300, 0);
	field_init(&s->fields[F_PROCEDURE], _("Procedure (事務)"), 100, 0);
	field_init(&s->fields[F_CERTIFICATES], _("Holders: certificate numbers"), 0, 0);
	field_init(&s->fields[F_NAME], _("or holders by name"), 50, 0);
	field_init(&s->fields[F_BIRTH], _("... and birth date"), 20, 0);
	field_init(&s->fields[F_COLUMNS], _("Columns (column:mask ...)"), 300, 0);
	field_init(&s->fields[F_ENCODING], _("Encoding (utf8-bom or cp932)"), 8, 0);
	field_set(&s->fields[F_ENCODING], "utf8-bom");
	field_init(&s->fields[F_RECIPIENT], _("Recipient"), 200, 0);
	field_init(&s->fields[F_CERT_FILE], _("Recipient's certificate file"), 0, 0);
	field_init(&s->fields[F_HOURS], _("Valid for (hours)"), 4, 0);
	snprintf(hours, sizeof hours, "%d", ui_config(ui)->max_export_grant_hours < 24 ?
	    ui_config(ui)->max_export_grant_hours : 24);
	field_set(&s->fields[F_HOURS], hours);
	field_init(&s->fields[F_SINGLE], _("For one export only (y/n)"), 1, 0);
	field_set(&s->fields[F_SINGLE], "y");
	form_init(&s->form, s->fields, F_COUNT);
	return s;
}

/* What the screen can tell before the data layer: required fields, numbers, y/n. */
static int
grant_new_check(struct grant_new_state *s)
{
	static const int required[] = { F_GRANTEE, F_PURPOSE, F_PROCEDURE, F_COLUMNS,
	    F_RECIPIENT, F_CERT_FILE, F_HOURS };
	const char	*yn = s->fields[F_SINGLE].text;
	char		*end;
	size_t		 i;

	for (i = 0; i < F_COUNT; i++)
		field_set_error(&s->fields[i], NULL);
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (s->fields[required[i]].len == 0)
			field_set_error(&s->fields[required[i]], _("required"));
	}
	if (strcmp(s->fields[F_GRANTEE].text, ui_session(s->ui)->user) == 0)
		field_set_error(&s->fields[F_GRANTEE], _("you cannot grant an export to "
		    "yourself: another user runs it (four eyes)"));
	if (s->fields[F_CERTIFICATES].len == 0 && s->fields[F_NAME].len == 0)
		field_set_error(&s->fields[F_CERTIFICATES], _("certificate numbers, or a name "
		    "below"));
	if (s->fields[F_CERTIFICATES].len > 0 && (s->fields[F_NAME].len > 0 ||
	    s->fields[F_BIRTH].len > 0))
		field_set_error(&s->fields[F_NAME], _("certificate numbers or a name, not "
		    "both"));
	if (s->fields[F_HOURS].len > 0) {
		(void)strtol(s->fields[F_HOURS].text, &end, 10);
		if (*end != '\0')
			field_set_error(&s->fields[F_HOURS], _("a number of hours"));
	}
	if (strcmp(yn, "y") != 0 && strcmp(yn, "n") != 0)
		field_set_error(&s->fields[F_SINGLE], _("enter y or n"));
	if (form_has_errors(&s->form)) {
		form_focus_first_error(&s->form);
		return -1;
	}
	return 0;
}

static void
holders_add(struct export_grant *g, char ***names, const struct search_hit *h)
{
	size_t	 i;

	for (i = 0; i < g->n_holders; i++) {
		if (strcmp(g->holders[i], h->id) == 0)
			return;		/* two certificates of one holder */
	}
	g->holders = xreallocarray(g->holders, g->n_holders + 1, sizeof *g->holders);
	*names = xreallocarray(*names, g->n_holders + 1, sizeof **names);
	(*names)[g->n_holders] = xstrdup(h->name);
	g->holders[g->n_holders++] = xstrdup(h->id);
}

/* The holders of the certificate numbers typed: each must be one of this office's. */
static int
holders_by_certificates(struct grant_new_state *s, struct export_grant *g, char ***names)
{
	struct search_query	 q;
	struct search_hit	*hits;
	struct actor		 who;
	char			*copy = xstrdup(s->fields[F_CERTIFICATES].text), *word, *last;
	char			*cause = NULL, *why;
	size_t			 n;
	int			 more;

	session_actor(ui_session(s->ui), &who);
	for (word = strtok_r(copy, " ,\t", &last); word != NULL;
	    word = strtok_r(NULL, " ,\t", &last)) {
		memset(&q, 0, sizeof q);
		q.certificate_number = word;
		q.limit = 2;
		if (register_search(ui_db(s->ui), &who, &q, &hits, &n, &more, &cause) != 0) {
			field_set_error(&s->fields[F_CERTIFICATES], cause);
			free(cause);
			goto fail;
		}
		if (n != 1 || hits[0].erased) {
			xasprintf(&why, _("no holder in this office's register has the "
			    "certificate %s"), word);
			field_set_error(&s->fields[F_CERTIFICATES], why);
			free(why);
			search_hits_free(hits, n);
			goto fail;
		}
		holders_add(g, names, &hits[0]);
		search_hits_free(hits, n);
	}
	free(copy);
	return 0;
fail:
	free(copy);
	return -1;
}

/* The holders a name (and birth date) finds, every page of them. */
static int
holders_by_name(struct grant_new_state *s, struct export_grant *g, char ***names)
{
	struct search_query	 q;
	struct search_hit	*hits;
	struct actor		 who;
	char			*cause = NULL;
	size_t			 n, i;
	int			 more;

	session_actor(ui_session(s->ui), &who);
	memset(&q, 0, sizeof q);
	q.name = s->fields[F_NAME].text;
	q.birth_date = s->fields[F_BIRTH].len > 0 ? s->fields[F_BIRTH].text : NULL;
	q.limit = 100;
	do {
		if (register_search(ui_db(s->ui), &who, &q, &hits, &n, &more, &cause) != 0) {
			field_set_error(&s->fields[F_NAME], cause);
			free(cause);
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (!hits[i].erased)
				holders_add(g, names, &hits[i]);
		}
		search_hits_free(hits, n);
		q.offset += q.limit;
	} while (more == SEARCH_MORE && g->n_holders <= GRANT_MAX_HOLDERS);
	if (more == SEARCH_TOO_MANY || g->n_holders > GRANT_MAX_HOLDERS) {
		field_set_error(&s->fields[F_NAME], _("too many holders match: add the birth "
		    "date or more of the name"));
		return -1;
	}
	if (g->n_holders == 0) {
		field_set_error(&s->fields[F_NAME], _("no holder in this office's register "
		    "matches"));
		return -1;
	}
	return 0;
}

/* The grant as typed, with the holders found and the certificate read. */
static int
grant_new_build(struct grant_new_state *s, struct export_grant *g, char ***names)
{
	char	*cause = NULL, fpr[65];

	memset(g, 0, sizeof *g);
	*names = NULL;
	if (export_columns_parse(s->fields[F_COLUMNS].text, &g->columns, &g->n_columns,
	    &cause) != 0) {
		field_set_error(&s->fields[F_COLUMNS], cause);
		goto fail;
	}
	if (export_encoding_parse(s->fields[F_ENCODING].text, &g->encoding, &cause) != 0) {
		field_set_error(&s->fields[F_ENCODING], cause);
		goto fail;
	}
	if (export_recipient_read_file(s->fields[F_CERT_FILE].text, &g->recipient_cert, fpr,
	    &cause) != 0) {
		field_set_error(&s->fields[F_CERT_FILE], cause);
		goto fail;
	}
	if ((s->fields[F_CERTIFICATES].len > 0 ? holders_by_certificates(s, g, names) :
	    holders_by_name(s, g, names)) != 0)
		goto fail_quiet;
	g->recipient_fingerprint = xstrdup(fpr);
	g->grantee = xstrdup(s->fields[F_GRANTEE].text);
	g->purpose = xstrdup(s->fields[F_PURPOSE].text);
	g->procedure = xstrdup(s->fields[F_PROCEDURE].text);
	g->recipient_name = xstrdup(s->fields[F_RECIPIENT].text);
	g->single_use = strcmp(s->fields[F_SINGLE].text, "y") == 0;
	return 0;
fail:
	free(cause);
fail_quiet:
	form_focus_first_error(&s->form);
	return -1;
}

static void
names_free(char **names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* What the supervisor confirms: who runs it, whom it holds, what, to whom. */
static char *
grant_summary(const struct export_grant *g, char **names)
{
	char	*text, *next, *cols;
	size_t	 i;

	xasprintf(&text, _("%s may export %zu holders:"), g->grantee, g->n_holders);
	for (i = 0; i < g->n_holders && i < CONFIRM_NAMES; i++) {
		xasprintf(&next, "%s%s %s", text, i > 0 ? "," : "", names[i]);
		free(text);
		text = next;
	}
	if (g->n_holders > CONFIRM_NAMES) {
		xasprintf(&next, _("%s and %zu more"), text, g->n_holders - CONFIRM_NAMES);
		free(text);
		text = next;
	}
	xasprintf(&next, _("%s\nColumns:"), text);
	free(text);
	text = next;
	cols = export_columns_describe(g);
	xasprintf(&next, "%s %s", text, cols);
	free(cols);
	free(text);
	text = next;
	xasprintf(&next, _("%s\nTo: %s (certificate %.16s…)\nGrant it?"), text,
	    g->recipient_name, g->recipient_fingerprint);
	free(text);
	return next;
}

/* 1 when the grant was made (the screen goes back to the list). */
static int
grant_new_submit(struct grant_new_state *s)
{
	struct export_grant	 g;
	struct actor		 who;
	char			**names = NULL, *cause = NULL, *question;
	char			 until[TIMESTAMP_SHOW_SIZE];
	size_t			 n_names;
	int			 made = 0;

	if (ui_check_access(s->ui, "export.grant") != 0 || grant_new_check(s) != 0)
		return 0;
	if (grant_new_build(s, &g, &names) != 0) {
		n_names = g.n_holders;
		goto out;
	}
	n_names = g.n_holders;
	question = grant_summary(&g, names);
	if (!dialog_confirm(s->ui, _("Grant an export"), question)) {
		free(question);
		ui_set_message(s->ui, _("Nothing was granted."));
		goto out;
	}
	free(question);
	session_actor(ui_session(s->ui), &who);
	if (export_grant_create(ui_db(s->ui), &who, &g, (int)strtol(s->fields[F_HOURS].text,
	    NULL, 10), ui_config(s->ui)->max_export_grant_hours, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		goto out;
	}
	timestamp_show(g.valid_until, ui_era_dates(s->ui), 0, until, sizeof until);
	ui_set_message(s->ui, _("Granted %s the export of %zu holders until %s."), g.grantee,
	    g.n_holders, until);
	made = 1;
out:
	names_free(names, n_names);
	export_grant_clear(&g);
	return made;
}

static enum key_result
grant_new_key(void *state, const struct key_event *ev)
{
	struct grant_new_state	*s = state;
	enum key_result		 r;
	int			 submit;

	r = form_screen_key(&s->form, s->ui, ev, &submit);
	if (submit && grant_new_submit(s))
		return KEY_BACK;
	return r;
}

/* What may be typed in the field the cursor is in, under the form. */
static const char *
grant_new_help(const struct grant_new_state *s)
{
	switch (s->form.current) {
	case F_CERTIFICATES:
		return _("Certificate numbers separated by spaces; or leave empty and give a "
		    "name below.");
	case F_COLUMNS:
		return _("name family_name given_name kana sex birth_date postal_code address "
		    "phone certificates mynumber; masks: name:family-only kana:family-only "
		    "address:municipality birth_date:year");
	case F_CERT_FILE:
		return _("The path of the recipient's X.509 certificate (PEM or DER) on this "
		    "terminal or its medium.");
	default:
		return "";
	}
}

static void
grant_new_draw(void *state, struct ui *ui)
{
	struct grant_new_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Grant") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 help = ui_lines(ui) - 6;

	ui_draw_frame(ui, _("Grant an export"), hints);
	form_draw_in(&s->form, 2, 2, ui_cols(ui) - 4, help - 2);
	(void)ui_put_wrapped(help, 2, ui_cols(ui) - 4, 2, grant_new_help(s));
}

static void
grant_new_free(void *state)
{
	struct grant_new_state	*s = state;
	int			 i;

	for (i = 0; i < F_COUNT; i++)
		field_free(&s->fields[i]);
	free(s);
}

const struct screen_ops screen_export_grant_new = {
	.name = "export-grant-new",
	.help = N_("Grant one export to another user: the holders by certificate numbers "
	    "or by a name and birth date of this office's register, the columns "
	    "with their masks (name:family-only, address:municipality, "
	    "birth_date:year), the recipient and their certificate file, the hours "
	    "it is valid. F2 shows whom it holds before it is granted."),
	.init = grant_new_init,
	.key = grant_new_key,
	.draw = grant_new_draw,
	.free = grant_new_free,
};
