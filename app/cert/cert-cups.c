/*
 * Printing through libcups (issue 32): the job is submitted to the configured queue and
 * followed until CUPS says how it ended, so that the print log records "printed" only for
 * a job CUPS completed. A job aborted or cancelled, a printer that stopped, or a job not
 * done within print_wait_seconds is a failure; a job still waiting is cancelled then, so
 * that no paper comes out after the certificate was recorded as not printed.
 *
 * The server is libcups' default: CUPS_SERVER, client.conf, or the local scheduler.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cups/cups.h>

#include "cert/cert-cups.h"
#include "i18n.h"
#include "xmalloc.h"

#define CERT_CUPS_POLL_MS	250

static ipp_t	*printer_attrs(const char *, char **);
static int	 job_state(int, ipp_jstate_t *, char **);
static const char *cups_message(void);

/* What libcups said of the last request, or a plain default. */
static const char *
cups_message(void)
{
	const char	*m = cupsLastErrorString();

	return m != NULL && *m != '\0' ? m : _("no answer");
}

/* The queue's attributes (Get-Printer-Attributes), or NULL and why. */
static ipp_t *
printer_attrs(const char *printer, char **cause)
{
	static const char *const want[] = { "printer-state", "printer-state-message",
	    "printer-is-accepting-jobs" };
	ipp_t	*req, *resp;
	char	 uri[HTTP_MAX_URI];

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost",
	    ippPort(), "/printers/%s", printer);
	req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	    (int)(sizeof want / sizeof want[0]), NULL, want);
	resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/");
	if (resp == NULL || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		ippDelete(resp);
		if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND)
			xasprintf(cause, _("there is no printer %s in CUPS"), printer);
		else
			xasprintf(cause, _("CUPS does not answer about printer %s: %s"), printer,
			    cups_message());
		return NULL;
	}
	return resp;
}

/*
 * The queue's state as the status command prints it ("idle", "printing", "stopped: why",
 * "not accepting jobs"); 0 when it can take a certificate now.
 */
int
cert_cups_check(const char *printer, char **state, char **cause)
{
	ipp_attribute_t	*a;
	ipp_t		*resp;
	const char	*msg = NULL;
	int		 st = 0, accepting = 1, rc;

	*state = NULL;
	if ((resp = printer_attrs(printer, cause)) == NULL)
		return -1;
	if ((a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)) != NULL)
		st = ippGetInteger(a, 0);
	if ((a = ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT)) != NULL)
		msg = ippGetString(a, 0, NULL);
	if ((a = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) != NULL)
		accepting = ippGetBoolean(a, 0);
	rc = 0;
	if (st == IPP_PSTATE_STOPPED) {
		xasprintf(state, _("stopped: %s"), msg != NULL && *msg != '\0' ? msg :
		    _("no reason given"));
		rc = -1;
	} else if (!accepting) {
		xasprintf(state, "%s", _("not accepting jobs"));
		rc = -1;
	} else
		xasprintf(state, "%s", st == IPP_PSTATE_PROCESSING ? _("printing") :
		    _("idle"));
	ippDelete(resp);
	if (rc != 0)
		xasprintf(cause, _("printer %s is %s"), printer, *state);
	return rc;
}

/* The job's state (Get-Job-Attributes). */
static int
job_state(int job, ipp_jstate_t *state, char **cause)
{
	ipp_attribute_t	*a;
	ipp_t		*req, *resp;
	char		 uri[HTTP_MAX_URI];

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost",
	    ippPort(), "/jobs/%d", job);
	req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", NULL,
	    "job-state");
	resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/");
	if (resp == NULL || cupsLastError() > IPP_STATUS_OK_CONFLICTING ||
	    (a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM)) == NULL) {
		ippDelete(resp);
		xasprintf(cause, _("CUPS lost track of job %d: %s"), job, cups_message());
		return -1;
	}
	*state = (ipp_jstate_t)ippGetInteger(a, 0);
	ippDelete(resp);
	return 0;
}

int
cert_cups_submit(const char *printer, const char *title, const char *path, int wait_seconds,
    int *job, char **cause)
{
	struct timespec	 step = { 0, CERT_CUPS_POLL_MS * 1000 * 1000 };
	ipp_jstate_t	 st = IPP_JSTATE_PENDING;
	char		*state = NULL, *why = NULL;
	time_t		 until;

	*job = 0;
	*cause = NULL;
	/* A stopped or refusing queue would keep the job: say so before anything is sent. */
	if (cert_cups_check(printer, &state, cause) != 0) {
		free(state);
		return -1;
	}
	free(state);
	if ((*job = cupsPrintFile2(CUPS_HTTP_DEFAULT, printer, path, title, 0, NULL)) == 0) {
		xasprintf(cause, _("CUPS refused the job for printer %s: %s"), printer,
		    cups_message());
		return -1;
	}
	until = time(NULL) + wait_seconds;
	for (;;) {
		if (job_state(*job, &st, cause) != 0)
			break;
		if (st == IPP_JSTATE_COMPLETED)
			return 0;
		if (st == IPP_JSTATE_ABORTED || st == IPP_JSTATE_CANCELED) {
			xasprintf(cause, st == IPP_JSTATE_ABORTED ?
			    _("printer %s aborted the job (CUPS job %d)") :
			    _("the job was cancelled at printer %s (CUPS job %d)"), printer,
			    *job);
			return -1;
		}
		/* A printer that stopped keeps the job waiting for ever. */
		if (cert_cups_check(printer, &state, &why) != 0) {
			*cause = why;
			free(state);
			break;
		}
		free(state);
		if (time(NULL) >= until) {
			xasprintf(cause, _("printer %s did not finish the job within %d s"),
			    printer, wait_seconds);
			break;
		}
		nanosleep(&step, NULL);
	}
	/* Not printed: make sure it never is, after being recorded so. */
	if (cupsCancelJob2(CUPS_HTTP_DEFAULT, printer, *job, 0) > IPP_STATUS_OK_CONFLICTING) {
		why = *cause;
		xasprintf(cause, _("%s; cancelling CUPS job %d failed too (%s): cancel it at "
		    "the printer"), why != NULL ? why : "", *job, cups_message());
		free(why);
	}
	return -1;
}
