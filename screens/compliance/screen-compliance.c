/* screens/compliance/: the office's registers and the self-inspection report.
 * May use: lib/, db/, app/, screens/. */
/*
 * Self-inspection and the office's registers (SPEC §14, issue 23): the four registers and
 * the report, chosen by number or with the arrows and Enter.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "compliance/compliance-lists.h"
#include "i18n.h"
#include "screens.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static const struct {
	const char		*label;
	enum register_kind	 kind;	/* -1: the report */
} entries[] = {
	{ N_("Self-inspection report (自己点検)"), (enum register_kind)-1 },
	{ N_("Incidents (漏えい等事案)"), REGISTER_INCIDENTS },
	{ N_("Training records"), REGISTER_TRAINING },
	{ N_("Enquiries and disclosure requests (相談・開示請求)"), REGISTER_ENQUIRIES },
	{ N_("Attestations"), REGISTER_ATTESTATIONS },
};
#define N_ENTRIES	((int)(sizeof entries / sizeof entries[0]))

struct compliance_state {
	struct ui		*ui;
	struct list		 list;
	enum register_kind	 kind;	/* passed to the register screen, lives here */
};

static void
compliance_row(void *arg, int row, int y, int x, int width, int selected)
{
	char	*line;

	(void)arg;
	(void)selected;
	xasprintf(&line, "%d  %s", row + 1, _(entries[row].label));
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
compliance_init(struct ui *ui, void *arg)
{
	struct compliance_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	list_init(&s->list, N_ENTRIES, compliance_row, s);
	return s;
}

static void
compliance_open(struct compliance_state *s, int i)
{
	if ((int)entries[i].kind == -1) {
		ui_push(s->ui, &screen_report, NULL);
		return;
	}
	s->kind = entries[i].kind;
	ui_push(s->ui, &screen_registers, &s->kind);
}

static enum key_result
compliance_key(void *state, const struct key_event *ev)
{
	struct compliance_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, N_ENTRIES))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	if (ev->code >= '1' && ev->code < '1' + (wint_t)N_ENTRIES) {
		compliance_open(s, (int)(ev->code - '1'));
		return KEY_HANDLED;
	}
	if (ev->code == '\r' || ev->code == '\n') {
		compliance_open(s, s->list.selected);
		return KEY_HANDLED;
	}
	return ui_key_unused(s->ui, ev);
}

static void
compliance_draw(void *state, struct ui *ui)
{
	struct compliance_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Enter", N_("Open") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("Self-inspection and registers"), hints);
	list_draw(&s->list, 2, 1, ui_cols(ui) - 2, N_ENTRIES);
}

static void
compliance_free(void *state)
{
	free(state);
}

const struct screen_ops screen_compliance = {
	.name = "compliance",
	.help = N_("The office's registers for the self-inspection (自己点検): incidents, "
	    "training, enquiries and disclosure requests, attestations, and the "
	    "report answered from the records. Choose with the number or the arrows "
	    "and Enter."),
	.init = compliance_init,
	.key = compliance_key,
	.draw = compliance_draw,
	.free = compliance_free,
};
