/*
 * Search of the register (SPEC §4): name (partial kana or kanji), birth date, certificate
 * number, status; a page of results; Enter opens the holder. No My Number is ever listed.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register/register-items.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

enum { C_NAME, C_BIRTH, C_CERT, C_STATUS, C_COUNT };

#define CRITERIA_LINES	(2 * C_COUNT)

struct search_state {
	struct ui		*ui;
	struct field		 fields[C_COUNT];
	struct form		 form;
	struct search_hit	*hits;
	size_t			 n;
	int			 offset;
	int			 more;
	int			 in_list;	/* keys go to the results, not the criteria */
	int			 searched;
	struct list		 list;
};

static void	*search_init(struct ui *, void *);
static enum key_result search_key(void *, const struct key_event *);
static void	 search_draw(void *, struct ui *);
static void	 search_free(void *);
static void	 search_run(struct search_state *, int);
static void	 search_draw_row(void *, int, int, int, int, int);
static int	 search_page_size(struct search_state *);
static char	*certificates_text(const char *);

/* "B-1 valid,B-2 erased" as "B-1 (valid), B-2 (erased)", statuses in the UI language. */
static char *
certificates_text(const char *list)
{
	char		*copy, *item, *rest, *status, *out = xstrdup(""), *next;
	const char	*label;

	copy = xstrdup(list);
	for (item = strtok_r(copy, ",", &rest); item != NULL;
	    item = strtok_r(NULL, ",", &rest)) {
		if ((status = strrchr(item, ' ')) != NULL)
			*status++ = '\0';
		label = status != NULL ? reg_code_label(reg_statuses, status) : NULL;
		xasprintf(&next, "%s%s%s (%s)", out, *out != '\0' ? ", " : "", item,
		    label != NULL ? label : status != NULL ? status : "");
		free(out);
		out = next;
	}
	free(copy);
	return out;
}

static void *
search_init(struct ui *ui, void *arg)
{
	struct search_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	field_init(&s->fields[C_NAME], _("Name (kana or kanji, part)"), 50, 0);
	field_init(&s->fields[C_BIRTH], _("Birth date"), 20, 0);
	field_init(&s->fields[C_CERT], _("Certificate number"), 20, 0);
	field_init(&s->fields[C_STATUS], _("Status (1 valid … 5 returned)"), 20, 0);
	form_init(&s->form, s->fields, C_COUNT);
	list_init(&s->list, 0, search_draw_row, s);
	return s;
}

static int
search_page_size(struct search_state *s)
{
	int	 rows = ui_lines(s->ui) - 4 - CRITERIA_LINES - 2;

	return rows > 1 ? rows : 1;
}

static void
search_run(struct search_state *s, int offset)
{
	struct search_query	 q;
	struct actor		 who;
	char			*cause = NULL;

	if (ui_check_access(s->ui, "register.search") != 0)
		return;
	memset(&q, 0, sizeof q);
	q.name = s->fields[C_NAME].text;
	q.birth_date = s->fields[C_BIRTH].text;
	q.certificate_number = s->fields[C_CERT].text;
	q.status = s->fields[C_STATUS].text;
	q.offset = offset > 0 ? offset : 0;
	q.limit = search_page_size(s);
	session_actor(ui_session(s->ui), &who);
	search_hits_free(s->hits, s->n);
	s->hits = NULL;
	s->n = 0;
	s->more = 0;
	if (register_search(ui_db(s->ui), &who, &q, &s->hits, &s->n, &s->more, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		s->in_list = 0;
	} else {
		s->offset = q.offset;
		if (s->more == SEARCH_TOO_MANY)
			ui_set_message(s->ui, _("Too many holders match this name; add the birth "
			    "date or more of the name."));
		else
			ui_set_message(s->ui, s->n == 0 ? _("No holder matches.") :
			    s->more == SEARCH_MORE ? _("Results %d–%zu; more on the next page "
			    "(PgDn).") : _("Results %d–%zu."), s->offset + 1,
			    s->offset + s->n);
		s->in_list = s->n > 0;
	}
	s->searched = 1;
	list_init(&s->list, (int)s->n, search_draw_row, s);
}

static void
search_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct search_state	*s = arg;
	struct search_hit	*h = &s->hits[row];
	char			*cell, *certs;

	(void)selected;
	cell = textwidth_truncate(h->name, 16, 0);
	ui_put(y, x + 1, 16, cell);
	free(cell);
	cell = textwidth_truncate(h->kana, 20, 0);
	ui_put(y, x + 18, 20, cell);
	free(cell);
	ui_put_time(s->ui, y, x + 39, 10, h->birth_date);
	certs = certificates_text(h->certificates);
	if (h->erased) {
		xasprintf(&cell, "[%s] %s", _("erased"), certs);
		ui_put(y, x + 50, width - 51, cell);
		free(cell);
	} else
		ui_put(y, x + 50, width - 51, certs);
	free(certs);
}

static enum key_result
search_key(void *state, const struct key_event *ev)
{
	struct search_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (ev->is_func && ev->code == KEY_F(2)) {
		search_run(s, 0);
		return KEY_HANDLED;
	}
	if (!s->in_list) {
		if (!ev->is_func && ev->code == 0x1b)
			return KEY_BACK;
		if (!ev->is_func && (ev->code == '\r' || ev->code == '\n')) {
			search_run(s, 0);
			return KEY_HANDLED;
		}
		if (!ev->is_func && ev->code == '\t' && s->form.current == C_COUNT - 1 &&
		    s->n > 0) {
			s->in_list = 1;
			return KEY_HANDLED;
		}
		return form_key(&s->form, ev) ? KEY_HANDLED : KEY_UNHANDLED;
	}
	/* In the results. */
	if (!ev->is_func && (ev->code == 0x1b || ev->code == '\t')) {
		s->in_list = 0;
		return KEY_HANDLED;
	}
	/* PgDn/PgUp, or n/p: the results have focus, so letters are free here. */
	if (((ev->is_func && ev->code == KEY_NPAGE) || (!ev->is_func && ev->code == 'n')) &&
	    s->more == SEARCH_MORE) {
		search_run(s, s->offset + (int)s->n);
		return KEY_HANDLED;
	}
	if (((ev->is_func && ev->code == KEY_PPAGE) || (!ev->is_func && ev->code == 'p')) &&
	    s->offset > 0) {
		search_run(s, s->offset - search_page_size(s));
		return KEY_HANDLED;
	}
	if (list_key(&s->list, ev, search_page_size(s)))
		return KEY_HANDLED;
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n') && s->n > 0) {
		ui_set_message(s->ui, NULL);
		ui_push(s->ui, &screen_holder, s->hits[s->list.selected].id);
		return KEY_HANDLED;
	}
	/* Typing in the results is a new search: to the name field, with what was typed. */
	if (!ev->is_func && ev->code >= 0x20 && ev->code != 0x7f) {
		s->in_list = 0;
		s->form.current = C_NAME;
		return form_key(&s->form, ev) ? KEY_HANDLED : KEY_UNHANDLED;
	}
	return KEY_UNHANDLED;
}

static void
search_draw(void *state, struct ui *ui)
{
	struct search_state	*s = state;
	static const struct key_hint form_hints[] = {
		{ "Enter", N_("Search") }, { "Tab", N_("Next field") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint list_hints[] = {
		{ "Enter", N_("Open") }, { "PgDn/PgUp", N_("Page") },
		{ "Tab", N_("Criteria") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 y = 2 + CRITERIA_LINES;

	ui_draw_frame(ui, _("Search the register"), s->in_list ? list_hints : form_hints);
	s->form.unfocused = s->in_list;
	form_draw_in(&s->form, 2, 2, ui_cols(ui) - 4, CRITERIA_LINES);
	if (!s->searched)
		return;
	attron(A_BOLD);
	ui_put(y, 2, 16, _("Name"));
	ui_put(y, 19, 20, _("Kana"));
	ui_put(y, 40, 10, _("Born"));
	ui_put(y, 51, ui_cols(ui) - 52, _("Certificates"));
	attroff(A_BOLD);
	list_draw(&s->list, y + 1, 1, ui_cols(ui) - 2, search_page_size(s));
}

static void
search_free(void *state)
{
	struct search_state	*s = state;
	int			 i;

	if (s == NULL)
		return;
	for (i = 0; i < C_COUNT; i++)
		field_free(&s->fields[i]);
	search_hits_free(s->hits, s->n);
	free(s);
}

const struct screen_ops screen_search = {
	.name = "register-search",
	.help = N_("Search the register by name (kana or kanji, part), birth date or "
	    "certificate number; Enter opens a holder. A name alone that matches "
	    "too many asks for more."),
	.init = search_init,
	.key = search_key,
	.draw = search_draw,
	.free = search_free,
};
