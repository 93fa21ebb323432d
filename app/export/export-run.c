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
#include "export/export-csv.h"
#include "export/export-grants.h"
#include "export/export-run.h"
#include "i18n.h"
#include "xmalloc.h"

int
export_run(struct db *db, const struct actor *who, const char *spool, const char *grant_id,
    struct export_result *res, char **cause)
{
	struct export_grant	 g;
	struct export_bytes	 csv, enc;
	struct timespec		 now;
	struct tm		 tm;
	const char		**header = NULL;
	char			**cells = NULL, fpr[65], stamp[32];
	size_t			 nrows = 0, i;
	X509			*x = NULL;
	int			 rc = -1;

	memset(res, 0, sizeof *res);
	memset(&csv, 0, sizeof csv);
	memset(&enc, 0, sizeof enc);
	*cause = NULL;
	if (export_grant_get(db, grant_id, &g, cause) != 0)
		return -1;
	if (export_grant_rows(db, who, &g, &cells, &nrows, cause) != 0)
		goto out;
	/* The recipient as granted, and still valid: a certificate swapped is refused. */
	if ((x = export_recipient_load(g.recipient_cert, strlen(g.recipient_cert),
	    cause)) == NULL)
		goto out;
	export_recipient_fingerprint(x, fpr);
	if (strcmp(fpr, g.recipient_fingerprint) != 0) {
		xasprintf(cause, _("the recipient's certificate is not the one granted"));
		goto out;
	}
	header = xcalloc(g.n_columns, sizeof *header);
	for (i = 0; i < g.n_columns; i++)
		header[i] = g.columns[i].name;
	if (export_csv_build(header, g.n_columns, (const char *const *)cells, nrows,
	    g.encoding, &csv, cause) != 0 || export_cms_encrypt(x, &csv, &enc, cause) != 0)
		goto out;
	if (mkdir(spool, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create the export spool %s: %s"), spool,
		    strerror(errno));
		goto out;
	}
	clock_now(&now);
	localtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	xasprintf(&res->path, "%s/export-%.8s-%s.p7m", spool, g.id, stamp);
	if (export_write_file(res->path, &enc, cause) != 0)
		goto out;
	export_sha256_hex(enc.data, enc.len, res->sha256);
	res->rows = nrows;
	res->columns = g.n_columns;
	if (export_register_add(db, who, &g, res->path, res->sha256, nrows, res->register_id,
	    cause) != 0) {
		/* Not registered: the file must not exist either. */
		(void)unlink(res->path);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0) {
		free(res->path);
		res->path = NULL;
	}
	export_rows_free(cells, nrows * g.n_columns);
	free(header);
	export_bytes_free(&csv);
	export_bytes_free(&enc);
	X509_free(x);
	export_grant_clear(&g);
	return rc;
}

void
export_result_clear(struct export_result *r)
{
	free(r->path);
	memset(r, 0, sizeof *r);
}
