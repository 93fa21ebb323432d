/*
 * The receipt slip (受付票): the reception's items in Japanese (the applicant's paper, in
 * the office's language whatever the screen's), the signed slip record, the PDF drawn by
 * the print helper, its seal, CUPS or the spool, the audit log.
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

#include <openssl/evp.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "cert/cert-cups.h"
#include "cert/cert-pdf.h"
#include "cert/cert-print.h"
#include "cert/cert-seal.h"
#include "cert/cert-sign.h"
#include "cert/slip-pdf.h"
#include "cert/slip-print.h"
#include "cert/slip-record.h"
#include "db.h"
#include "i18n.h"
#include "reception/reception.h"
#include "valid.h"
#include "xmalloc.h"

static char	*slip_date(const char *, int);
static char	*slip_spool_file(const char *, const char *, char **);

char *
slip_fee_text(struct db *db, const char *number)
{
	static const struct {
		const char	*code, *ja;
	} payments[] = {
		{ "stamp", "収入印紙" }, { "cash", "現金" }, { "online", "オンライン決済" },
	};
	struct reception	 r;
	char			*cause = NULL, *out = NULL;
	const char		*paid = NULL;
	size_t			 i;

	/* The applicant's paper is in Japanese whatever the clerk's screen shows. */
	if (reception_get(db, number, &r, &cause) != 0) {
		free(cause);
		return xstrdup("-");
	}
	if (r.fee_payment == NULL)
		out = xstrdup("-");
	else if (strcmp(r.fee_payment, "exempt") == 0)
		xasprintf(&out, "免除（%s）", r.fee_exempt_reason != NULL ?
		    r.fee_exempt_reason : "");
	else {
		for (i = 0; i < sizeof payments / sizeof payments[0]; i++) {
			if (strcmp(payments[i].code, r.fee_payment) == 0)
				paid = payments[i].ja;
		}
		xasprintf(&out, "%lld円（%s）%s", (long long)r.fee_amount, paid != NULL ? paid :
		    r.fee_payment, r.refund_by != NULL ? " 還付済み" : "");
	}
	reception_clear(&r);
	return out;
}

/* 令和8年4月1日 or 2026-04-01, as the office shows dates. */
static char *
slip_date(const char *iso, int era)
{
	struct date	 d;
	char		 buf[DATE_ERA_SIZE];

	if (!era || sscanf(iso, "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 ||
	    date_format_era(&d, buf) != 0)
		return xstrdup(iso);
	return xstrdup(buf);
}

/* <spool>/slip-<number>-<time>.pdf, made empty with mode 0600. */
static char *
slip_spool_file(const char *dir, const char *number, char **cause)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 stamp[32], *path;
	int		 i, fd;

	if (dir == NULL || *dir == '\0') {
		xasprintf(cause, _("no certificate spool is configured (cert_spool)"));
		return NULL;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create the certificate spool %s: %s"), dir,
		    strerror(errno));
		return NULL;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 1; i < 1000; i++) {
		xasprintf(&path, i == 1 ? "%s/slip-%s-%s.pdf" : "%s/slip-%s-%s-%d.pdf", dir,
		    number, stamp, i);
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
slip_print(struct db *db, const struct actor *who, const struct cert_print_config *pc,
    const char *number, int era, char **where, char **record_out, char **cause)
{
	struct reception	 r;
	struct slip_record	 sr;
	struct cert_pdf_line	 lines[6];
	struct cert_pdf		 pdf;
	struct cert_signer	 signer;
	EVP_PKEY		*key = NULL;
	const char		*terminal;
	char			*record = NULL, *date = NULL, *fee = NULL, *issuer = NULL;
	char			*note = NULL, *path = NULL, *target = NULL, *title = NULL;
	char			*fail = NULL;
	int			 rc = -1, loaded = 0, job = 0, ok;

	*where = NULL;
	*cause = NULL;
	if (record_out != NULL)
		*record_out = NULL;
	if (rolefn_require(db, who, "cert.print", cause) != 0)
		return -1;
	if ((rc = reception_get(db, number, &r, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("There is no reception %s."), number);
		return -1;
	}
	rc = -1;
	loaded = 1;
	if (pc->office_id == NULL || *pc->office_id == '\0') {
		xasprintf(cause, _("no office id is configured (office_id)"));
		goto out;
	}
	memset(&sr, 0, sizeof sr);
	terminal = db_terminal_id(db);
	if (strlen(pc->office_id) >= sizeof sr.office || (terminal != NULL &&
	    strlen(terminal) >= sizeof sr.terminal)) {
		xasprintf(cause, _("the office or terminal id is too long for the slip's "
		    "record"));
		goto out;
	}
	snprintf(sr.office, sizeof sr.office, "%s", pc->office_id);
	/* A terminal not given its id yet signs as "-": the office still vouches. */
	snprintf(sr.terminal, sizeof sr.terminal, "%s", terminal != NULL && *terminal != '\0' ?
	    terminal : "-");
	snprintf(sr.number, sizeof sr.number, "%s", r.number);
	snprintf(sr.kind, sizeof sr.kind, "%s", r.kind);
	snprintf(sr.received_on, sizeof sr.received_on, "%s", r.received_on);

	/* The office key signs where a certificate's is signed: the monitor at the desk. */
	memset(&signer, 0, sizeof signer);
	if (pc->signer != NULL)
		signer = *pc->signer;
	else if ((key = cert_office_key(pc->office_key, cause)) != NULL) {
		signer.sign = cert_sign_with_key;
		signer.arg = key;
	} else
		goto out;
	if (slip_record_sign(&sr, &signer, &record, cause) != 0)
		goto out;

	date = slip_date(r.received_on, era);
	fee = slip_fee_text(db, r.number);
	lines[0] = (struct cert_pdf_line){ "受付番号", r.number };
	lines[1] = (struct cert_pdf_line){ "種別", slip_kind_ja(r.kind) };
	lines[2] = (struct cert_pdf_line){ "受付日", date };
	lines[3] = (struct cert_pdf_line){ "受付方法", slip_channel_ja(r.channel) != NULL ?
	    slip_channel_ja(r.channel) : r.channel };
	lines[4] = (struct cert_pdf_line){ "手数料", fee };
	lines[5] = (struct cert_pdf_line){ NULL, NULL };
	xasprintf(&issuer, "受付　%s%s%s%s", pc->office_name != NULL ? pc->office_name : "",
	    pc->office_name != NULL && *pc->office_name != '\0' ? "（" : "", sr.office,
	    pc->office_name != NULL && *pc->office_name != '\0' ? "）" : "");
	xasprintf(&note, "受付番号・種別・受付日は右の二次元コードに発行者の電子署名とともに"
	    "記録されています（madoguchi-verify で検証できます）。お問い合わせの際は受付番号を"
	    "お知らせください。");
	pdf.title = "受付票";
	pdf.lines = lines;
	pdf.issuer = issuer;
	pdf.record = record;
	pdf.note = note;
	if ((path = slip_spool_file(pc->spool_dir, r.number, cause)) == NULL)
		goto out;
	if (slip_pdf_write(&pdf, path, cause) != 0 ||
	    cert_seal_file(path, &signer, cause) != 0) {
		(void)unlink(path);
		goto out;
	}

	if (pc->printer != NULL && *pc->printer != '\0') {
		xasprintf(&title, "slip-%s", r.number);
		ok = cert_cups_print(pc->printer, title, path, pc->wait_seconds, &job,
		    &fail) == 0;
		/* CUPS keeps its own copy of a job: no slip is left lying around. */
		(void)unlink(path);
	} else
		ok = 1;
	if (r.holder_id != NULL && *r.holder_id != '\0')
		xasprintf(&target, "holder:%s reception:%s", r.holder_id, r.number);
	else
		xasprintf(&target, "reception:%s", r.number);
	if (audit_actor(db, who, "reception.slip", target, ok ? "ok" : "failed", r.number,
	    cause) != 0)
		goto out;
	if (!ok) {
		*cause = fail;
		fail = NULL;
		goto out;
	}
	if (pc->printer != NULL && *pc->printer != '\0')
		xasprintf(where, _("printer %s"), pc->printer);
	else {
		/* No printer: the file is the paper, and stays where the office prints from. */
		*where = path;
		path = NULL;
	}
	if (record_out != NULL) {
		*record_out = record;
		record = NULL;
	}
	rc = 0;
out:
	free(record);
	free(date);
	free(fee);
	free(issuer);
	free(note);
	free(target);
	free(title);
	free(fail);
	EVP_PKEY_free(key);
	/* Not printed: no sealed paper's file is left behind. */
	if (rc != 0 && path != NULL)
		(void)unlink(path);
	free(path);
	if (loaded)
		reception_clear(&r);
	return rc;
}
