/* An export run (export-run.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "export/export-cms.h"
#include "export/export-run.h"
#include "i18n.h"
#include "xmalloc.h"

int
export_prepare(struct db *db, const struct actor *who, const char *grant_id,
    struct export_prepared *p, char **cause)
{
	struct export_bytes	 csv;
	const char		**header = NULL;
	X509			*x = NULL;
	size_t			 i;
	int			 rc = -1;

	memset(p, 0, sizeof *p);
	memset(&csv, 0, sizeof csv);
	*cause = NULL;
	if (export_grant_get(db, grant_id, &p->grant, cause) != 0)
		return -1;
	if (export_grant_rows(db, who, &p->grant, &p->cells, &p->rows, cause) != 0)
		goto out;
	/* The recipient as granted, and still valid: a certificate swapped is refused. */
	if ((x = export_recipient_load(p->grant.recipient_cert,
	    strlen(p->grant.recipient_cert), cause)) == NULL)
		goto out;
	export_recipient_fingerprint(x, p->fingerprint);
	if (strcmp(p->fingerprint, p->grant.recipient_fingerprint) != 0) {
		xasprintf(cause, _("the recipient's certificate is not the one granted"));
		goto out;
	}
	header = xcalloc(p->grant.n_columns, sizeof *header);
	for (i = 0; i < p->grant.n_columns; i++)
		header[i] = p->grant.columns[i].name;
	if (export_csv_build(header, p->grant.n_columns, (const char *const *)p->cells,
	    p->rows, p->grant.encoding, &csv, cause) != 0 ||
	    export_cms_encrypt(x, &csv, &p->encrypted, cause) != 0)
		goto out;
	rc = 0;
out:
	free(header);
	export_bytes_free(&csv);
	X509_free(x);
	if (rc != 0)
		export_prepared_clear(p);
	return rc;
}

int
export_commit(struct db *db, const struct actor *who, const char *spool,
    const char *checked_by, struct export_prepared *p, struct export_result *res,
    char **cause)
{
	struct timespec	 now;
	struct tm	 tm;
	char		 stamp[32];

	memset(res, 0, sizeof *res);
	if (checked_by == NULL || strcmp(checked_by, p->grant.grantee) == 0) {
		xasprintf(cause, _("the two-person check needs a second person, not the "
		    "grantee"));
		return -1;
	}
	if (mkdir(spool, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create the export spool %s: %s"), spool,
		    strerror(errno));
		return -1;
	}
	clock_now(&now);
	localtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	xasprintf(&res->path, "%s/export-%.8s-%s.p7m", spool, p->grant.id, stamp);
	if (export_write_file(res->path, &p->encrypted, cause) != 0)
		goto fail;
	export_sha256_hex(p->encrypted.data, p->encrypted.len, res->sha256);
	res->rows = p->rows;
	res->columns = p->grant.n_columns;
	if (export_register_add(db, who, &p->grant, res->path, res->sha256, p->rows,
	    checked_by, res->register_id, cause) != 0) {
		/* Not registered: the file must not exist either. */
		(void)unlink(res->path);
		goto fail;
	}
	return 0;
fail:
	free(res->path);
	res->path = NULL;
	return -1;
}

void
export_prepared_clear(struct export_prepared *p)
{
	export_rows_free(p->cells, p->rows * p->grant.n_columns);
	export_bytes_free(&p->encrypted);
	export_grant_clear(&p->grant);
	memset(p, 0, sizeof *p);
}

int
export_run(struct db *db, const struct actor *who, const char *spool, const char *grant_id,
    const char *checked_by, struct export_result *res, char **cause)
{
	struct export_prepared	 p;
	int			 rc;

	memset(res, 0, sizeof *res);
	if (export_prepare(db, who, grant_id, &p, cause) != 0)
		return -1;
	rc = export_commit(db, who, spool, checked_by, &p, res, cause);
	export_prepared_clear(&p);
	return rc;
}

void
export_result_clear(struct export_result *r)
{
	free(r->path);
	memset(r, 0, sizeof *r);
}
