/*
 * The disclosure as the office hands it to the resident: who (full name, user name and
 * role), when, at which terminal, what (in words, not the log's codes), with what result
 * and for what (application, registration ...). Its head says which terminals' records it
 * covers; when the central store could not be asked, it says plainly that the other
 * terminals' records are not in it, and why.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit-disclosure.h"
#include "audit/audit-groups.h"
#include "cert/cert-cups.h"
#include "cert/cert-print.h"
#include "cert/disclosure-pdf.h"
#include "i18n.h"
#include "cert/report-pdf.h"
#include "timestamp.h"
#include "xmalloc.h"

int
disclosure_pdf_write(const struct disclosure *d, const char *from, const char *to,
    const char *path, char **cause)
{
	const struct disclosure_entry	*e;
	char				*head[5], **rows, *purpose, at[TIMESTAMP_SHOW_SIZE];
	size_t				 i, nh = 0, nrows = d->n > 0 ? d->n : 1;
	time_t				 now = time(NULL);
	int				 rc;

	xasprintf(&head[nh++], "対象者: %s（ID %s）", d->holder_name, d->holder_id);
	xasprintf(&head[nh++], "期間: %s から %s まで", from != NULL ? from : "記録の最初",
	    to != NULL ? to : "作成日");
	if (d->central)
		xasprintf(&head[nh++], "範囲: 事務所のすべての端末（中央の記録）と本端末の記録");
	else
		xasprintf(&head[nh++], "範囲: 本端末の記録のみ。他の端末の記録は含まれていません"
		    "（中央の記録を得られませんでした: %s）", d->central_missing);
	xasprintf(&head[nh++], "件数: %zu 件（* は中央へ未送信の本端末の記録）", d->n);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", localtime(&now));
	xasprintf(&head[nh++], "作成: %s", at);
	rows = xcalloc(nrows, sizeof *rows);
	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		timestamp_show(e->at, 1, 1, at, sizeof at);
		purpose = disclosure_purpose(e, 1);
		xasprintf(&rows[i], "%s%s　端末 %s　%s（%s、%s）　%s　%s%s%s", e->unsynced ?
		    "* " : "", at, e->terminal_id, *e->full_name != '\0' ? e->full_name :
		    e->user, e->user, e->role_ja, audit_action_ja(e->action),
		    audit_result_ja(e->result), *purpose != '\0' ? "　用件: " : "", purpose);
		free(purpose);
	}
	if (d->n == 0)
		rows[0] = xstrdup("この期間に、この方の情報を扱った記録はありません。");
	rc = report_pdf_write(path, "個人情報の取扱い記録の開示", head, nh, rows, nrows, cause);
	for (i = 0; i < nh; i++)
		free(head[i]);
	for (i = 0; i < nrows; i++)
		free(rows[i]);
	free(rows);
	return rc;
}

/*
 * <spool>/disclosure-<holder's first 8>-<time>.pdf, made empty with mode 0600 so that the
 * report is never readable by others, not even while it is written.
 */
static char *
disclosure_spool_file(const char *dir, const char *holder_id, char **cause)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 stamp[32], *path;
	int		 i, fd;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create the certificate spool %s: %s"), dir,
		    strerror(errno));
		return NULL;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 1; i < 1000; i++) {
		xasprintf(&path, i == 1 ? "%s/disclosure-%.8s-%s.pdf" :
		    "%s/disclosure-%.8s-%s-%d.pdf", dir, holder_id, stamp, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			return path;
		}
		if (errno != EEXIST) {
			xasprintf(cause, _("cannot write in the certificate spool %s: %s"), dir,
			    strerror(errno));
			free(path);
			return NULL;
		}
		free(path);
	}
	xasprintf(cause, _("the certificate spool %s is full"), dir);
	return NULL;
}

int
disclosure_print(const struct disclosure *d, const char *from, const char *to,
    const struct cert_print_config *pc, char **where, char **cause)
{
	char	*path, *title;
	int	 job = 0, rc;

	*where = NULL;
	if ((path = disclosure_spool_file(pc->spool_dir, d->holder_id, cause)) == NULL)
		return -1;
	if (disclosure_pdf_write(d, from, to, path, cause) != 0) {
		(void)unlink(path);
		free(path);
		return -1;
	}
	if (pc->printer == NULL || *pc->printer == '\0') {
		/* No printer: the file is the paper, and stays where the office prints from. */
		*where = path;
		return 0;
	}
	xasprintf(&title, "disclosure-%.8s", d->holder_id);
	rc = cert_cups_print(pc->printer, title, path, pc->wait_seconds, &job, cause);
	free(title);
	/* CUPS keeps its own copy of a job: no report is left lying around. */
	(void)unlink(path);
	free(path);
	if (rc != 0)
		return -1;
	xasprintf(where, _("printer %s"), pc->printer);
	return 0;
}
