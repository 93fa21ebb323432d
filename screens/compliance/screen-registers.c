/* screens/compliance/: the office's registers and the self-inspection report.
 * May use: lib/, db/, app/, screens/. */
/*
 * One of the office's registers (SPEC §14, issue 23): incidents, training, enquiries or
 * attestations, newest first; Enter shows a record whole. Supervisors record: n a new
 * record, s a response step of an incident (①-⑦), a the answer to an enquiry. Auditors
 * read. Every record is typed in dialogs one item at a time, checked by the register
 * (db/compliance/compliance-registers.h), and a refusal says which item and why.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "compliance/compliance-lists.h"
#include "compliance/compliance-registers.h"
#include "i18n.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct registers_state {
	struct ui		*ui;
	enum register_kind	 kind;
	struct register_row	*rows;
	size_t			 n;
	struct list		 list;
	int			 can_record;
};

static const char *
register_title(enum register_kind k)
{
	switch (k) {
	case REGISTER_INCIDENTS:
		return _("Incidents (漏えい等事案)");
	case REGISTER_TRAINING:
		return _("Training records");
	case REGISTER_ENQUIRIES:
		return _("Enquiries and disclosure requests (相談・開示請求)");
	case REGISTER_ATTESTATIONS:
		return _("Attestations");
	}
	return "";
}

static const char *const register_names[] = { "incidents", "training", "enquiries",
	"attestations" };

static void	registers_row(void *, int, int, int, int, int);

static void
registers_load(struct registers_state *s)
{
	char	*cause = NULL;
	int	 selected = s->list.selected;

	register_rows_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	if (register_list(ui_db(s->ui), s->kind, ui_era_dates(s->ui), &s->rows, &s->n,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, registers_row, s);
	s->list.selected = selected < (int)s->n ? selected : 0;
}

static void
registers_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct registers_state	*s = arg;

	(void)selected;
	ui_put(y, x + 1, width - 2, s->rows[row].line);
}

static void *
registers_init(struct ui *ui, void *arg)
{
	struct registers_state	*s = xcalloc(1, sizeof *s);
	struct actor		 who;
	char			*target;

	s->ui = ui;
	s->kind = *(const enum register_kind *)arg;
	s->can_record = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "compliance.record");
	if (ui_check_access(ui, "compliance.view") != 0)
		return s;
	registers_load(s);
	session_actor(ui_session(ui), &who);
	xasprintf(&target, "register:%s", register_names[s->kind]);
	(void)audit_actor(ui_db(ui), &who, "compliance.view", target, "ok", "", NULL);
	free(target);
	return s;
}

/* One answer typed into buf; 0, or -1 when the person gave up (Esc). */
static int
ask(struct registers_state *s, const char *prompt, char *buf, size_t len)
{
	return dialog_input(s->ui, register_title(s->kind), prompt, 0, buf, len);
}

/* After a recording: its refusal (why), or done and the register read again. */
static void
outcome(struct registers_state *s, int rc, char *cause, const char *done)
{
	if (rc != 0) {
		ui_set_message(s->ui, "%s", cause != NULL ? cause : "");
		free(cause);
		return;
	}
	ui_set_message(s->ui, "%s", done);
	registers_load(s);
}

static void
new_incident(struct registers_state *s, const struct actor *who)
{
	struct incident_new	 in;
	char			 found[32], by[128], what[512], data[256], persons[16];
	char			 mn[8], why[512], id[37], *cause = NULL;
	int			 rc;

	if (ask(s, _("Found on (date):"), found, sizeof found) != 0 ||
	    ask(s, _("Found by:"), by, sizeof by) != 0 ||
	    ask(s, _("What happened:"), what, sizeof what) != 0 ||
	    ask(s, _("What data (e.g. 氏名、個人番号):"), data, sizeof data) != 0 ||
	    ask(s, _("How many persons:"), persons, sizeof persons) != 0 ||
	    ask(s, _("Were My Numbers involved (y/n):"), mn, sizeof mn) != 0 ||
	    ask(s, _("Cause (may be empty until known):"), why, sizeof why) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	memset(&in, 0, sizeof in);
	in.found_on = found;
	in.found_by = by;
	in.summary = what;
	in.data_kinds = data;
	in.persons = strspn(persons, "0123456789") == strlen(persons) && *persons != '\0' ?
	    strtoll(persons, NULL, 10) : -1;
	in.mynumber = strcmp(mn, "y") == 0;
	in.cause = why;
	if (strcmp(mn, "y") != 0 && strcmp(mn, "n") != 0) {
		ui_set_message(s->ui, _("My Numbers: answer y or n; nothing was recorded."));
		return;
	}
	rc = incident_record(ui_db(s->ui), who, &in, id, &cause);
	outcome(s, rc, cause, _("Incident recorded; record its response steps with s."));
}

static void
new_step(struct registers_state *s, const struct actor *who)
{
	char	 step[8], on[32], by[128], note[512], *cause = NULL, *end;
	long	 n;
	int	 rc;

	if (ask(s, _("Step: 1 first response, 2 containment, 3 investigation, 4 notice to "
	    "the persons, 5 report to the Commission, 6 recurrence prevention, 7 closure:"),
	    step, sizeof step) != 0 ||
	    ask(s, _("Done on (date):"), on, sizeof on) != 0 ||
	    ask(s, _("Done by:"), by, sizeof by) != 0 ||
	    ask(s, _("Note:"), note, sizeof note) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	n = strtol(step, &end, 10);
	if (*end != '\0' || *step == '\0')
		n = 0;
	rc = incident_step_record(ui_db(s->ui), who, s->rows[s->list.selected].id,
	    (int)n, on, by, note, &cause);
	outcome(s, rc, cause, _("Step recorded."));
}

static void
new_training(struct registers_state *s, const struct actor *who)
{
	static const char *const kinds[] = { "new_handler", "transfer", "annual", "security" };
	char	 user[64], course[256], kind[8], on[32], *cause = NULL;
	int	 k, rc;

	if (ask(s, _("Person (user name):"), user, sizeof user) != 0 ||
	    ask(s, _("Course:"), course, sizeof course) != 0 ||
	    ask(s, _("Kind: 1 new handler, 2 transferred staff, 3 annual, 4 security:"), kind,
	    sizeof kind) != 0 ||
	    ask(s, _("Taken on (date):"), on, sizeof on) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	k = kind[0] >= '1' && kind[0] <= '4' && kind[1] == '\0' ? kind[0] - '1' : -1;
	rc = training_record(ui_db(s->ui), who, user, course, k >= 0 ? kinds[k] : kind,
	    on, &cause);
	outcome(s, rc, cause, _("Training recorded."));
}

/*
 * A disclosure request's holder, by a certificate number (empty: not known yet), so that
 * the register shows the disclosure report printed for them. 0, or -1 said on screen.
 */
static int
holder_by_certificate(struct registers_state *s, const struct actor *who, char holder[37])
{
	struct search_query	 q;
	struct search_hit	*hits;
	char			 number[32], *cause = NULL;
	size_t			 n;
	int			 more;

	if (ask(s, _("Holder's certificate number (empty: not known):"), number,
	    sizeof number) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return -1;
	}
	if (*number == '\0')
		return 0;
	memset(&q, 0, sizeof q);
	q.certificate_number = number;
	q.limit = 2;
	if (register_search(ui_db(s->ui), who, &q, &hits, &n, &more, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return -1;
	}
	if (n != 1) {
		ui_set_message(s->ui, _("No holder has the certificate %s; nothing was "
		    "recorded."), number);
		search_hits_free(hits, n);
		return -1;
	}
	snprintf(holder, 37, "%s", hits[0].id);
	search_hits_free(hits, n);
	return 0;
}

static void
new_enquiry(struct registers_state *s, const struct actor *who)
{
	char	 kind[8], on[32], subject[320], id[37], holder[37], *cause = NULL;
	int	 rc;

	if (ask(s, _("Kind: 1 consultation, 2 disclosure request:"), kind, sizeof kind) != 0 ||
	    ask(s, _("Received on (date):"), on, sizeof on) != 0 ||
	    ask(s, _("Subject:"), subject, sizeof subject) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	*holder = '\0';
	if (strcmp(kind, "2") == 0 && holder_by_certificate(s, who, holder) != 0)
		return;
	rc = enquiry_record(ui_db(s->ui), who, strcmp(kind, "1") == 0 ? "consultation" :
	    strcmp(kind, "2") == 0 ? "disclosure" : kind, on, subject, holder, id, &cause);
	outcome(s, rc, cause, _("Enquiry recorded; record its answer with a."));
}

static void
answer_enquiry(struct registers_state *s, const struct actor *who)
{
	char	 on[32], answer[512], *cause = NULL;
	int	 rc;

	if (ask(s, _("Answered on (date):"), on, sizeof on) != 0 ||
	    ask(s, _("Answer:"), answer, sizeof answer) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	rc = enquiry_answer(ui_db(s->ui), who, s->rows[s->list.selected].id, on, answer,
	    &cause);
	outcome(s, rc, cause, _("Answer recorded."));
}

static void
new_attestation(struct registers_state *s, const struct actor *who)
{
	char	 item[8], statement[512], document[256], on[32], *cause = NULL, *end;
	long	 n;
	int	 rc;

	if (ask(s, _("Survey item (1-15):"), item, sizeof item) != 0 ||
	    ask(s, _("Statement:"), statement, sizeof statement) != 0 ||
	    ask(s, _("Document it rests on:"), document, sizeof document) != 0 ||
	    ask(s, _("Stated on (date):"), on, sizeof on) != 0) {
		ui_set_message(s->ui, _("Nothing was recorded."));
		return;
	}
	n = strtol(item, &end, 10);
	if (*end != '\0' || *item == '\0')
		n = 0;
	rc = attestation_record(ui_db(s->ui), who, (int)n, statement, document, on,
	    &cause);
	outcome(s, rc, cause, _("Attestation recorded."));
}

static enum key_result
registers_key(void *state, const struct key_event *ev)
{
	struct registers_state	*s = state;
	struct actor		 who;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	if ((ev->code == '\r' || ev->code == '\n') && s->n > 0) {
		dialog_message(s->ui, register_title(s->kind), s->rows[s->list.selected].detail);
		return KEY_HANDLED;
	}
	if (ev->code != 'n' && ev->code != 's' && ev->code != 'a')
		return KEY_UNHANDLED;
	if (ui_check_access(s->ui, "compliance.record") != 0)
		return KEY_HANDLED;
	session_actor(ui_session(s->ui), &who);
	if (ev->code == 'n') {
		switch (s->kind) {
		case REGISTER_INCIDENTS:
			new_incident(s, &who);
			break;
		case REGISTER_TRAINING:
			new_training(s, &who);
			break;
		case REGISTER_ENQUIRIES:
			new_enquiry(s, &who);
			break;
		case REGISTER_ATTESTATIONS:
			new_attestation(s, &who);
			break;
		}
	} else if (ev->code == 's' && s->kind == REGISTER_INCIDENTS && s->n > 0)
		new_step(s, &who);
	else if (ev->code == 'a' && s->kind == REGISTER_ENQUIRIES && s->n > 0)
		answer_enquiry(s, &who);
	return KEY_HANDLED;
}

static void
registers_draw(void *state, struct ui *ui)
{
	struct registers_state	*s = state;
	static const struct key_hint incidents[] = {
		{ "n", N_("New") }, { "s", N_("Step") }, { "Enter", N_("Show") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint enquiries[] = {
		{ "n", N_("New") }, { "a", N_("Answer") }, { "Enter", N_("Show") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint others[] = {
		{ "n", N_("New") }, { "Enter", N_("Show") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint reader[] = {
		{ "Enter", N_("Show") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	const struct key_hint	*hints = others;

	/* Only what the role may do is offered. */
	if (!s->can_record)
		hints = reader;
	else if (s->kind == REGISTER_INCIDENTS)
		hints = incidents;
	else if (s->kind == REGISTER_ENQUIRIES)
		hints = enquiries;
	ui_draw_frame(ui, register_title(s->kind), hints);
	if (s->n == 0) {
		ui_put(3, 2, ui_cols(ui) - 4, _("Nothing is recorded."));
		return;
	}
	list_draw(&s->list, 2, 1, ui_cols(ui) - 2, ui_lines(ui) - 5);
}

static void
registers_free(void *state)
{
	struct registers_state	*s = state;

	register_rows_free(s->rows, s->n);
	free(s);
}

const struct screen_ops screen_registers = {
	.name = "registers",
	.help = N_("One of the office's registers, newest first. Enter shows a record "
	    "whole. Supervisors record: n a new record, s a response step of an "
	    "incident (① first response to ⑦ closure), a the answer to an enquiry. "
	    "Dates may not lie in the future. Auditors read."),
	.init = registers_init,
	.key = registers_key,
	.draw = registers_draw,
	.free = registers_free,
};
