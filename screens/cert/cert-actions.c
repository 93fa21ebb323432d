/*
 * What the holder's screen and the approval queue do with certificates (SPEC §6): pick a
 * registration, print its valid certificate (a reprint only after the clerk confirms it,
 * since every reprint is audited), and describe the certificate a reissue replaces.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/monitor-client.h"
#include "auth/two-person.h"
#include "cert/cert-print.h"
#include "cert/cert-sign.h"
#include "cert/certificates.h"
#include "config-file.h"
#include "i18n.h"
#include "register/register-items.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static int	 cert_valid(struct ui *, const char *, struct cert_summary *);
static void	 summary_clear(struct cert_summary *);

int
holder_pick_registration(struct ui *ui, const struct holder_view *h, const char *title)
{
	char	 answer[16], *end;
	long	 pick;

	if (h->n_registrations == 0) {
		ui_set_message(ui, _("This holder has no registration."));
		return -1;
	}
	if (h->n_registrations == 1)
		return 0;
	if (dialog_input(ui, title, _("Which registration (number in the list)?"), 0, answer,
	    sizeof answer) != 0)
		return -1;
	pick = strtol(answer, &end, 10);
	if (*answer == '\0' || *end != '\0' || pick < 1 || (size_t)pick > h->n_registrations) {
		ui_set_message(ui, _("No registration with that number."));
		return -1;
	}
	return (int)pick - 1;
}

static void
summary_clear(struct cert_summary *c)
{
	free(c->certificate_number);
	free(c->kind);
	free(c->issued_on);
	free(c->status);
	memset(c, 0, sizeof *c);
}

/* The certificate the registration holds now, if any (else 0). */
static int
cert_valid(struct ui *ui, const char *registration_id, struct cert_summary *out)
{
	char	*cause = NULL;
	int	 rc;

	if ((rc = cert_held(ui_db(ui), registration_id, out, &cause)) < 0)
		free(cause);
	return rc == 0;
}

/* The registration's valid certificate was never printed, and a print of it failed. */
int
cert_not_printed(struct ui *ui, const char *registration_id)
{
	struct cert_summary	 c;
	int			 not_printed;

	if (!cert_valid(ui, registration_id, &c))
		return 0;
	not_printed = c.prints == 0 && c.failed_prints > 0;
	summary_clear(&c);
	return not_printed;
}

/*
 * print_two_person_check: a second person at the desk confirms the certificate as it
 * will print (the preview) before it goes to paper; refused, nothing is printed.
 */
static int
cert_print_checked(struct ui *ui, struct cert_rendered *r)
{
	char	*target, checker[64];
	int	 rc;

	xasprintf(&target, "holder:%s", r->doc.holder_id);
	rc = two_person_check(ui, r->preview, "cert.print.check", target, 1,
	    _("Nothing was printed."), checker, sizeof checker);
	free(target);
	if (rc != 0)
		cert_rendered_discard(r);
	return rc;
}

void
cert_print_now(struct ui *ui, const char *registration_id, int approved)
{
	struct cert_print_config pc;
	struct cert_signer	 signer = { monitor_cert_sign, NULL, { 0 } };
	struct cert_rendered	 r;
	struct cert_summary	 c;
	struct actor		 who;
	char			*cause = NULL, *where = NULL, *question, *target;
	int			 known;

	if (ui_check_access(ui, "cert.print") != 0)
		return;
	known = cert_valid(ui, registration_id, &c);
	/* A second paper of one certificate: the clerk says so, and the log records it. */
	if (!approved && known && c.prints > 0) {
		xasprintf(&question, _("Certificate %s was printed %d time(s) before.\nA reprint "
		    "is recorded in the audit log. Reprint it?"), c.certificate_number, c.prints);
		if (!dialog_confirm(ui, _("Reprint"), question)) {
			free(question);
			summary_clear(&c);
			return;
		}
		free(question);
	}
	summary_clear(&c);
	cert_print_config_from(&pc, ui_config(ui));
	/* The office key signs in the monitor: the screen process never reads it. */
	if ((signer.arg = ui_monitor(ui)) != NULL)
		pc.signer = &signer;
	session_actor(ui_session(ui), &who);
	/*
	 * Rendered once and shown before it goes to paper (issue 32): the supervisor who
	 * approved, or the clerk who reprints, confirms what the PDF and its QR code carry.
	 */
	if (cert_render(ui_db(ui), &who, &pc, registration_id, &r, &cause) != 0) {
		if (approved)
			ui_set_message(ui, _("Approved; the certificate was not printed: %s"),
			    cause);
		else
			ui_set_message(ui, "%s", cause);
		free(cause);
		return;
	}
	xasprintf(&question, _("%s\n\nPrint this certificate?"), r.preview);
	if (!dialog_confirm(ui, _("Certificate preview"), question)) {
		free(question);
		xasprintf(&target, "holder:%s", r.doc.holder_id);
		(void)audit_actor(ui_db(ui), &who, "cert.print.cancel", target, "ok",
		    r.doc.certificate_number, NULL);
		free(target);
		cert_rendered_discard(&r);
		ui_set_message(ui, approved ? _("Approved; the certificate was not printed "
		    "(preview refused). Print it from the holder's screen.") :
		    _("Not printed: the preview was refused."));
		return;
	}
	free(question);
	if (ui_config(ui)->print_two_person_check && cert_print_checked(ui, &r) != 0)
		return;
	if (cert_print_rendered(ui_db(ui), &who, &pc, &r, &where, &cause) != 0) {
		if (approved)
			ui_set_message(ui, _("Approved; the certificate was not printed: %s"),
			    cause);
		else
			ui_set_message(ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(ui, approved ? _("Approved; certificate printed: %s") :
	    _("Certificate printed: %s"), where);
	free(where);
}

char *
reissue_describe(struct ui *ui, const char *registration_id)
{
	struct cert_summary	 c;
	char			*line;

	if (registration_id == NULL || !cert_valid(ui, registration_id, &c))
		return NULL;
	xasprintf(&line, _("Certificate now held: %s, reissued %u time(s), printed %d "
	    "time(s)"), c.certificate_number, c.reissue_count, c.prints);
	summary_clear(&c);
	return line;
}
