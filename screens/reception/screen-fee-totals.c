/* screens/reception/: the reception register's dialogs and screens.
 * May use: lib/, db/, app/, screens/. */
/*
 * Fee totals (手数料の集計, issue 24): the fees received and refunded in a period (today
 * first), by kind and payment, with the sums that balance to the receptions: what went
 * into the till and the stamps, what went back, and what is left.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "i18n.h"
#include "reception/reception.h"
#include "screens.h"
#include "session.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct fees_state {
	struct ui		*ui;
	char			 from[DATE_ISO_SIZE];
	char			 to[DATE_ISO_SIZE];
	struct fee_total	*rows;
	size_t			 n;
};

static void
fees_load(struct fees_state *s)
{
	struct actor	 who;
	char		*cause = NULL, *detail;

	free(s->rows);
	s->rows = NULL;
	s->n = 0;
	if (reception_fee_totals(ui_db(s->ui), s->from, s->to, &s->rows, &s->n,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	session_actor(ui_session(s->ui), &who);
	xasprintf(&detail, "%s %s", s->from, s->to);
	(void)audit_actor(ui_db(s->ui), &who, "reception.fees.view", "", "ok", detail, NULL);
	free(detail);
}

static void *
fees_init(struct ui *ui, void *arg)
{
	struct fees_state	*s;
	time_t			 now = time(NULL);
	struct tm		 tm;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	localtime_r(&now, &tm);
	strftime(s->from, sizeof s->from, "%Y-%m-%d", &tm);
	memcpy(s->to, s->from, sizeof s->to);
	fees_load(s);
	return s;
}

/* One end of the period, typed in any date form the forms take; 0 when it is read. */
static int
fees_ask_date(struct fees_state *s, const char *prompt, char out[DATE_ISO_SIZE])
{
	struct date	 d;
	char		 answer[64], *cause = NULL;

	snprintf(answer, sizeof answer, "%s", out);
	if (dialog_input(s->ui, _("Fee totals (手数料の集計)"), prompt, 0, answer,
	    sizeof answer) != 0)
		return -1;
	if (valid_date(answer, &d, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return -1;
	}
	date_format_iso(&d, out);
	return 0;
}

static enum key_result
fees_key(void *state, const struct key_event *ev)
{
	struct fees_state	*s = state;
	char			 from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (ev->is_func || ev->code != 'p')
		return KEY_UNHANDLED;
	memcpy(from, s->from, sizeof from);
	memcpy(to, s->to, sizeof to);
	if (fees_ask_date(s, _("From (date):"), from) != 0 ||
	    fees_ask_date(s, _("To (date):"), to) != 0)
		return KEY_HANDLED;
	if (strcmp(from, to) > 0) {
		ui_set_message(s->ui, _("the period ends before it starts (%s to %s)"), from,
		    to);
		return KEY_HANDLED;
	}
	memcpy(s->from, from, sizeof s->from);
	memcpy(s->to, to, sizeof s->to);
	fees_load(s);
	return KEY_HANDLED;
}

static void
fees_draw(void *state, struct ui *ui)
{
	static const struct key_hint hints[] = {
		{ "p", N_("Period") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	struct fees_state	*s = state;
	char			 a[DATE_ERA_SIZE], b[DATE_ERA_SIZE], *line;
	int64_t			 received = 0, amount = 0, refunds = 0, refunded = 0;
	size_t			 i;
	int			 y = 4, era = ui_era_dates(ui);

	ui_draw_frame(ui, _("Fee totals (手数料の集計)"), hints);
	xasprintf(&line, _("From %s to %s"), date_shown(s->from, era, a),
	    date_shown(s->to, era, b));
	ui_put(1, 2, ui_cols(ui) - 4, line);
	free(line);
	attron(A_BOLD);
	ui_put(3, 2, 22, _("Kind"));
	ui_put(3, 25, 24, _("Payment"));
	ui_put(3, 50, 6, _("Fees"));
	ui_put(3, 57, 10, _("Yen"));
	ui_put(3, 68, 10, _("Refunded"));
	attroff(A_BOLD);
	for (i = 0; i < s->n && y < ui_lines(ui) - 6; i++, y++) {
		const struct fee_total	*t = &s->rows[i];

		ui_put(y, 2, 22, reception_fee_kind_label(t->fee_kind));
		ui_put(y, 25, 24, reception_payment_label(t->payment));
		xasprintf(&line, "%6" PRId64 " %10" PRId64 " %10" PRId64, t->received,
		    t->amount, t->refunded);
		ui_put(y, 50, 28, line);
		free(line);
		received += t->received;
		amount += t->amount;
		refunds += t->refunds;
		refunded += t->refunded;
	}
	if (s->n == 0)
		ui_put(y++, 2, ui_cols(ui) - 4, _("No fee was received or refunded in the "
		    "period."));
	ui_rule(++y, 1, ui_cols(ui) - 2);
	xasprintf(&line, _("%" PRId64 " fees received: %" PRId64 " yen; %" PRId64 " refunds: "
	    "%" PRId64 " yen; left: %" PRId64 " yen"), received, amount, refunds, refunded,
	    amount - refunded);
	ui_put(y + 1, 2, ui_cols(ui) - 4, line);
	free(line);
}

static void
fees_free(void *state)
{
	struct fees_state	*s = state;

	if (s == NULL)
		return;
	free(s->rows);
	free(s);
}

const struct screen_ops screen_fee_totals = {
	.name = "reception-fees",
	.help = N_("The fees received (交付, 書換え交付, 再交付) and refunded in a period, by "
	    "kind and payment: revenue stamps, cash, online payments and exemptions. A fee is "
	    "counted on the day it was received, a refund on the day it was made. p changes "
	    "the period (today at first)."),
	.init = fees_init,
	.key = fees_key,
	.draw = fees_draw,
	.free = fees_free,
};
