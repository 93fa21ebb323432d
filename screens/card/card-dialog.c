/*
 * Reading the card at the counter (docs/mynumber-card.md). The person decides every PIN
 * that is sent: a wrong one shows the tries the card has left and asks again, and the
 * last try is sent only after a warning that a wrong PIN locks the card. The PIN lives in
 * one buffer on this stack, wiped when it has been sent; it is never logged or kept.
 */
#include "config.h"

#include <sys/prctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "card/card-dialog.h"
#include "hex.h"
#include "i18n.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define CARD_PIN_SIZE	32

static void
card_dialog_audit(struct ui *ui, const char *target, const char *result, const char *detail)
{
	struct actor	 who;

	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, "card.read", target, result, detail, NULL);
}

/* Says why nothing was read, and records it (a refused PIN is audited too: SPEC §9). */
static int
card_dialog_fail(struct ui *ui, const char *target, enum card_state st, char *cause)
{
	static const char *const what[] = {
		[CARD_OK] = "ok", [CARD_NO_SERVICE] = "no-service",
		[CARD_NO_READER] = "no-reader", [CARD_NO_CARD] = "no-card",
		[CARD_REMOVED] = "removed", [CARD_NOT_MYNUMBER] = "not-mynumber-card",
		[CARD_PIN_WRONG] = "pin-wrong", [CARD_PIN_LOCKED] = "pin-locked",
		[CARD_BAD_DATA] = "bad-data", [CARD_FAILED] = "failed"
	};

	dialog_message(ui, _("Read card"), cause);
	card_dialog_audit(ui, target, "failed", what[st]);
	free(cause);
	return -1;
}

/*
 * One PIN from the person, four digits (asked again, at no cost, until it is): 0, or -1
 * when they gave up.
 */
static int
card_dialog_pin(struct ui *ui, int tries, char pin[CARD_PIN_SIZE])
{
	char	*prompt;
	int	 rc;

	for (;;) {
		if (tries > 0)
			xasprintf(&prompt, ngettext("The card's 4-digit PIN (券面事項入力補助用暗証番号)"
			    "; the card allows %d more try.", "The card's 4-digit PIN (券面事項入力"
			    "補助用暗証番号); the card allows %d more tries.", tries), tries);
		else
			prompt = xstrdup(_("The card's 4-digit PIN (券面事項入力補助用暗証番号)."));
		rc = dialog_input(ui, _("Read card"), prompt, 1, pin, CARD_PIN_SIZE);
		free(prompt);
		if (rc != 0)
			return -1;
		if (strlen(pin) == 4 && strspn(pin, "0123456789") == 4)
			break;
		explicit_bzero(pin, CARD_PIN_SIZE);
		dialog_message(ui, _("Read card"), _("The PIN is four digits. Nothing was sent "
		    "to the card."));
	}
	if (tries == 1 && !dialog_confirm(ui, _("Read card"), _("This is the card's last "
	    "try: a wrong PIN now locks it, and only the municipality can unlock it. Send "
	    "this PIN?"))) {
		explicit_bzero(pin, CARD_PIN_SIZE);
		return -1;
	}
	return 0;
}

int
card_dialog_read(struct ui *ui, const char *target, struct card_data *d)
{
	struct card_session	*s;
	enum card_state		 st;
	char			 pin[CARD_PIN_SIZE], *cause = NULL, *detail, mn[17], four[17];
	int			 tries;

	memset(d, 0, sizeof *d);
	/*
	 * No core file may hold the PIN or what the card says. Started as root, the screen
	 * process is not dumpable already (the kernel's rule after the drop); started by a
	 * developer as themselves it would be: made sure of here, before anything is read.
	 */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if ((st = card_open(NULL, &s, &cause)) != CARD_OK)
		return card_dialog_fail(ui, target, st, cause);
	if ((st = card_tries(s, &tries, &cause)) != CARD_OK) {
		card_close(s);
		return card_dialog_fail(ui, target, st, cause);
	}
	for (;;) {
		if (card_dialog_pin(ui, tries, pin) != 0) {
			card_close(s);
			ui_set_message(ui, _("The card was not read."));
			return -1;
		}
		st = card_verify(s, pin, &tries, &cause);
		explicit_bzero(pin, sizeof pin);
		if (st == CARD_OK)
			break;
		if (st != CARD_PIN_WRONG) {
			card_close(s);
			return card_dialog_fail(ui, target, st, cause);
		}
		/* Only this refusal is said; the person decides whether to try again. */
		dialog_message(ui, _("Read card"), cause);
		card_dialog_audit(ui, target, "denied", "pin-wrong");
		free(cause);
		cause = NULL;
	}
	st = card_read(s, d, &cause);
	card_close(s);
	if (st != CARD_OK)
		return card_dialog_fail(ui, target, st, cause);
	/* What ties this entry to the card's signed data, and nothing of the items. */
	hex_encode(d->hash_mynumber, 8, mn);
	hex_encode(d->hash_four, 8, four);
	xasprintf(&detail, "mynumber-hash=%s four-hash=%s", mn, four);
	card_dialog_audit(ui, target, "ok", detail);
	free(detail);
	return 0;
}

void
card_field_fill(struct field *f, const char *value)
{
	field_set(f, value);
	f->cursor = 0;		/* shown from its start: it is read, not typed */
	field_set_error(f, NULL);
	f->locked = _("read from the card: F8 gives the card's items back to typing");
	/* TRANSLATORS: the mark beside a field filled from the My Number card. */
	f->mark = _("[card]");
}

void
card_field_release(struct field *f)
{
	field_clear(f);
	f->locked = NULL;
	f->mark = NULL;
}
