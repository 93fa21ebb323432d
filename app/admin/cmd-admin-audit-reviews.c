/*
 * madoguchi-admin audit-reviews: prints the evidence that the audit log was read (SPEC §8,
 * §14; ログ確認記録): every log review sign-off, then every acknowledgement of an
 * unusual-use flag, as this terminal holds them (its own and those synced from the
 * office's other terminals), as CSV or as text. The print is audited.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "audit/audit-reviews.h"
#include "csv.h"
#include "i18n.h"

static int	cmd_audit_reviews_exec(int, char **);
static void	print_csv(const struct audit_review *, size_t, const struct audit_ack *,
		    size_t);
static void	print_text(const struct audit_review *, size_t, const struct audit_ack *,
		    size_t);

const struct admin_cmd admin_cmd_audit_reviews = {
	.name = "audit-reviews",
	.usage = "[--csv] [--config FILE] [--db PATH] [--key PATH]",
	.summary = N_("print the log review sign-offs and acknowledgements of flags"),
	.exec = cmd_audit_reviews_exec,
};

/* One table: a kind column says which of the two a row is; cells quoted (csv.h). */
static void
print_csv(const struct audit_review *r, size_t nr, const struct audit_ack *a, size_t na)
{
	char	 n[32], period[32];
	size_t	 i;

	printf("kind,id,terminal_id,period_or_rule,terminals_or_subject,flags_or_entries,"
	    "rules_or_reason,comment,by,at\n");
	for (i = 0; i < nr; i++) {
		csv_put(stdout, "sign-off", 0);
		csv_put(stdout, r[i].id, 0);
		csv_put(stdout, r[i].terminal_id, 0);
		snprintf(period, sizeof period, "%s..%s", r[i].period_from, r[i].period_to);
		csv_put(stdout, period, 0);
		csv_put(stdout, r[i].terminals, 0);
		snprintf(n, sizeof n, "%lld", (long long)r[i].flags);
		csv_put(stdout, n, 0);
		csv_put(stdout, r[i].rules, 0);
		csv_put(stdout, r[i].comment, 0);
		csv_put(stdout, r[i].signed_by, 0);
		csv_put(stdout, r[i].signed_at, 1);
	}
	for (i = 0; i < na; i++) {
		csv_put(stdout, "acknowledgement", 0);
		csv_put(stdout, a[i].id, 0);
		csv_put(stdout, a[i].terminal_id, 0);
		csv_put(stdout, a[i].rule, 0);
		csv_put(stdout, a[i].subject, 0);
		snprintf(n, sizeof n, "%lld", (long long)a[i].entries);
		csv_put(stdout, n, 0);
		csv_put(stdout, a[i].reason, 0);
		csv_put(stdout, a[i].comment, 0);
		csv_put(stdout, a[i].acked_by, 0);
		csv_put(stdout, a[i].acked_at, 1);
	}
}

static void
print_text(const struct audit_review *r, size_t nr, const struct audit_ack *a, size_t na)
{
	size_t	 i;

	printf(_("Log review sign-offs: %zu\n"), nr);
	for (i = 0; i < nr; i++)
		printf("  %s..%s %s signed %s by %s, %lld flags: %s\n    rules %s; "
		    "office hours %s\n", r[i].period_from, r[i].period_to, r[i].terminals,
		    r[i].signed_at, r[i].signed_by, (long long)r[i].flags, r[i].comment,
		    r[i].rules, r[i].office_hours);
	printf(_("Acknowledgements of flags: %zu\n"), na);
	for (i = 0; i < na; i++)
		printf("  %s %s %s %s..%s acknowledged %s by %s: %s\n    %s\n",
		    a[i].terminal_id, a[i].rule, a[i].subject, a[i].first_at, a[i].last_at,
		    a[i].acked_at, a[i].acked_by, a[i].comment, a[i].reason);
}

static int
cmd_audit_reviews_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "csv", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct audit_review	*reviews = NULL;
	struct audit_ack	*acks = NULL;
	struct db		*db;
	char			*cause = NULL, detail[64];
	size_t			 nr = 0, na = 0;
	int			 ch, csv = 0;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "C", longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'C')
			csv = 1;
		else {
			admin_usage(&admin_cmd_audit_reviews, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_audit_reviews, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (audit_reviews_read(db, &reviews, &nr, &cause) != 0 ||
	    audit_acks_read(db, &acks, &na, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		audit_reviews_free(reviews, nr);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	if (csv)
		print_csv(reviews, nr, acks, na);
	else
		print_text(reviews, nr, acks, na);
	snprintf(detail, sizeof detail, "%zu sign-offs, %zu acknowledgements", nr, na);
	audit_reviews_free(reviews, nr);
	audit_acks_free(acks, na);
	(void)admin_audit(db, "audit.reviews.print", "", detail);
	db_close(db);
	return ADMIN_EXIT_OK;
}
