/*
 * madoguchi-print: draws certificates, receipt slips and reports as PDF and hands files to
 * CUPS, for the desk and the tools (app/cert/print-client.c starts it, one request each;
 * print-wire.h).
 * It lives in /usr/libexec/madoguchi so that cairo, pango, fontconfig, libqrencode and
 * libcups, and the fonts and IPP answers they parse, are mapped in this short-lived process
 * only, never in the privileged monitor or the screen process.
 *
 * It runs as its caller runs and holds nothing secret: no database, no key. The office
 * key that seals a certificate stays with the caller's signer (the monitor, at the desk),
 * which seals the file this process drew.
 *
 * Standard input: one request. Standard output: one answer. Descriptor 3: the file a
 * document is drawn into. The exit status is 0 when the answer was "done" or a job, 1 when
 * it was an error, 2 when the request could not be read.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cert/cert-cups.h"
#include "cert/cert-pdf.h"
#include "cert/print-wire.h"
#include "cert/report-pdf.h"
#include "cert/slip-pdf.h"
#include "i18n.h"
#include "xmalloc.h"

#define PRINT_OUT_FD	3

static int	answer(enum print_type, int, const char *);
static int	do_certificate(const struct print_request *, char **);

static int
answer(enum print_type type, int job, const char *cause)
{
	struct print_buf	 ans;
	char			*why = NULL;
	int			 rc;

	print_encode_answer(&ans, type, job, cause);
	rc = print_write_frame(STDOUT_FILENO, &ans, &why);
	print_buf_free(&ans);
	if (rc != 0) {
		fprintf(stderr, "madoguchi-print: %s\n", why);
		free(why);
	}
	return rc;
}

/* A certificate, or a receipt slip (the same fields, another page). */
static int
do_certificate(const struct print_request *r, char **cause)
{
	struct cert_pdf_line	*lines;
	struct cert_pdf		 doc;
	size_t			 i;
	int			 rc;

	lines = xcalloc(r->n + 1, sizeof *lines);
	for (i = 0; i < r->n; i++) {
		lines[i].label = r->labels[i];
		lines[i].value = r->values[i];
	}
	doc.title = r->title;
	doc.lines = lines;
	doc.issuer = r->issuer;
	doc.record = r->record;
	doc.note = r->note;
	if (r->type == PRINT_REQ_SLIP)
		rc = slip_pdf_render(&doc, PRINT_OUT_FD, cause);
	else
		rc = cert_pdf_render(&doc, PRINT_OUT_FD, cause);
	free(lines);
	return rc;
}

int
main(int argc, char **argv)
{
	struct print_request	 r;
	struct print_buf	 req;
	char			*cause = NULL;
	int			 rc, job = 0;

	(void)argv;
	i18n_init();
	if (argc != 1 || isatty(STDIN_FILENO)) {
		fprintf(stderr, _("madoguchi-print is started by madoguchi, not by hand\n"));
		return 2;
	}
	if (print_read_frame(STDIN_FILENO, &req, &cause) != 0 ||
	    print_decode_request(&req, &r, &cause) != 0) {
		answer(PRINT_ANS_ERROR, 0, cause);
		free(cause);
		print_buf_free(&req);
		return 2;
	}
	print_buf_free(&req);
	switch (r.type) {
	case PRINT_REQ_CERTIFICATE:
	case PRINT_REQ_SLIP:
	case PRINT_REQ_REPORT:
		if (fcntl(PRINT_OUT_FD, F_GETFL) == -1) {
			xasprintf(&cause, _("no file to draw into (descriptor %d)"),
			    PRINT_OUT_FD);
			rc = -1;
		} else if (r.type != PRINT_REQ_REPORT)
			rc = do_certificate(&r, &cause);
		else
			rc = report_pdf_render(PRINT_OUT_FD, r.title, r.head, r.nhead, r.rows,
			    r.nrows, &cause);
		if (rc == 0)
			rc = answer(PRINT_ANS_DONE, 0, NULL);
		break;
	default:
		rc = cert_cups_submit(r.printer, r.title, r.path, r.wait_seconds, &job,
		    &cause);
		if (rc == 0)
			rc = answer(PRINT_ANS_JOB, job, NULL);
		break;
	}
	if (cause != NULL)
		(void)answer(PRINT_ANS_ERROR, job, cause);
	free(cause);
	print_request_free(&r);
	return rc == 0 ? 0 : 1;
}
