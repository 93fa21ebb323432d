/*
 * madoguchi-admin demo-data: fills a demo terminal with demo accounts and synthetic
 * holders (the same people the Juki-net simulator knows for the same seed). It refuses
 * any terminal whose id does not start with "DEMO", so that it can never run on a
 * terminal in service.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "cert/cert-numbers.h"
#include "config-file.h"
#include "db.h"
#include "sync/sync-client.h"
#include "sync/sync-numbers.h"
#include "register/holders.h"
#include "register/register-bulk.h"
#include "synth.h"
#include "valid.h"
#include "i18n.h"
#include "xmalloc.h"

/* Numbers beyond the demo holders' for the counter's own work. */
#define DEMO_SPARE	1000

static int	cmd_demo_data_exec(int, char **);

const struct admin_cmd admin_cmd_demo_data = {
	.name = "demo-data",
	.usage = "[--accounts] [--holders N [--seed S]] [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("fill a DEMO terminal with demo accounts and synthetic holders"),
	.exec = cmd_demo_data_exec,
};

/* The demo staff: each a person with one account, as the register requires. */
static const struct {
	const char	*user;
	const char	*name;
	const char	*roles;
	int		 mynumber;
} demo_staff[] = {
	{ "suzuki", "鈴木 花子", "supervisor", 1 },
	{ "tanaka", "田中 太郎", "clerk", 1 },
	{ "yamada", "山田 次郎", "clerk", 0 },
	{ "ono", "小野 三郎", "sysadmin", 0 },
	{ "kato", "加藤 美咲", "auditor", 0 },
};

static int
demo_accounts(struct db *db, const char *first_supervisor, char **cause)
{
	struct account_request	 r;
	struct actor		 root, sup;
	char			 id[37];
	size_t			 i;

	admin_actor(&root);
	/* Requests come from the shell (a sysadmin); the first supervisor approves them. */
	memset(&sup, 0, sizeof sup);
	sup.user = first_supervisor;
	sup.role = "supervisor";
	sup.tty = "demo-data";
	for (i = 0; i < sizeof demo_staff / sizeof demo_staff[0]; i++) {
		memset(&r, 0, sizeof r);
		r.user_name = demo_staff[i].user;
		r.full_name = demo_staff[i].name;
		r.roles = demo_staff[i].roles;
		r.reason = "デモ端末の利用者";
		r.valid_from = "2020-04-01";
		r.valid_until = "2099-03-31";
		/* Those who handle the register act for all of its procedures (事務). */
		r.procedures = strcmp(r.roles, "clerk") == 0 || strcmp(r.roles, "supervisor") == 0 ?
		    "register correct reissue periodic" : "";
		r.mynumber_allowed = demo_staff[i].mynumber;
		if (account_request(db, &root, &r, id, cause) != 0)
			return -1;
		if (account_decide(db, &sup, id, 1, "demo", cause) != 0)
			return -1;
		printf(_("demo account %s (%s, %s)\n"), r.user_name, r.full_name, r.roles);
	}
	return 0;
}

/*
 * Where the demo's certificate numbers come from, so that several demo terminals of one
 * office never issue the same ones (issue 33): blocks the central store leases to this
 * terminal when it syncs, else a block of its own under a prefix made from its id (see
 * demo_own_block); the first sync registers it with the store. Either way the numbers are
 * then taken from the terminal's blocks as a certificate's would be. A terminal that
 * syncs while the store is out of reach gets no numbers: a block of its own would be
 * unconfirmed, and the store takes no number of a block it does not know.
 *
 * Blocks are leased before the holders' transaction: once the store has leased them they
 * are the terminal's, whatever becomes of this run (a later run takes them).
 */
static int
demo_lease(struct db *db, const struct config *config, long n, char **cause)
{
	struct sync_params	 p;
	struct cert_block	*blocks = NULL;
	size_t			 nb = 0;
	int64_t			 left;
	char			*why = NULL;
	int			 rc = -1, chunk, leased = 0;

	if (cert_numbers_list(db, &blocks, &nb, &left, cause) != 0)
		return -1;
	free(blocks);
	sync_params_from_config(&p, config);
	while (left < n) {
		chunk = n - left > 100000 ? 100000 : (int)(n - left);
		if (sync_lease_block(db, &p, chunk, &why) != 0)
			break;
		left += chunk;
		leased = 1;
	}
	if (left >= n) {
		/* Else the blocks the terminal has hold enough. */
		if (leased)
			printf(_("certificate numbers leased from the central store\n"));
		rc = 0;
	} else
		xasprintf(cause, _("the central store could not lease certificate numbers "
		    "(%s): a terminal that syncs takes its numbers from the store; run demo-data "
		    "again when it can be reached. No holder was added"), why);
	free(why);
	return rc;
}

/*
 * A terminal that syncs receives only under reception numbers leased to it: a block for
 * the year now, when the store can be reached; else the first sync leases it.
 */
static void
demo_lease_receptions(struct db *db, const struct config *config)
{
	struct sync_params	 p;
	char			*why = NULL;

	sync_params_from_config(&p, config);
	if (sync_lease_receptions(db, &p, DEMO_SPARE, &why) == 0)
		printf(_("reception numbers leased from the central store\n"));
	else
		fprintf(stderr, _("%s: no reception numbers yet (%s): the first sync leases "
		    "them\n"), program_invocation_short_name, why);
	free(why);
}

/*
 * A block of n numbers of the terminal's own, in the holders' transaction: under a prefix
 * made from its id ("D", four hex digits of a hash of it and '-', which ends it as every
 * prefix must end), after any block under that prefix.
 */
static int
demo_own_block(struct db *db, long n, char **cause)
{
	struct cert_block	*blocks = NULL;
	size_t			 nb = 0, i;
	int64_t			 left, from = 1;
	uint32_t		 h = 2166136261u;
	const char		*c;
	char			 prefix[CERT_PREFIX_MAX + 1];

	if (cert_numbers_list(db, &blocks, &nb, &left, cause) != 0)
		return -1;
	for (c = db_terminal_id(db); *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	snprintf(prefix, sizeof prefix, "D%04X-", (unsigned)(h & 0xffff));
	for (i = 0; i < nb; i++) {
		if (strcmp(blocks[i].prefix, prefix) == 0 && blocks[i].last >= from)
			from = blocks[i].last + 1;
	}
	free(blocks);
	return cert_numbers_add_block(db, "admin", prefix, from, from + n - 1, cause);
}

/* Synthetic person i of the seed as a holder of the register, into h. */
static void
demo_person(uint64_t seed, long i, struct synth_person *p, struct holder_record *h,
    char birth[DATE_ISO_SIZE], char issue[DATE_ISO_SIZE], char pref[3])
{
	struct date	 d;

	synth_person(seed, (uint64_t)i, p);
	date_format_iso(&p->birth, birth);
	d.y = p->birth.y + 25 + (int)(i % 20);
	if (d.y > 2025)
		d.y = 2025;
	d.m = 1 + (int)(i % 12);
	d.d = 1 + (int)(i % 28);
	date_format_iso(&d, issue);
	snprintf(pref, 3, "%02d", p->prefecture);
	holder_record_from_synth(h, p, birth);
	h->honseki_pref = pref;
	h->postal_code = p->postal;
	h->phone = p->phone;
	h->qualification = "building-hygiene";
	h->issue_date = issue;
	h->route = "exam";
}

/*
 * N synthetic holders and one audit entry for the import, in one transaction: an
 * interrupted run leaves the database as it was (but for blocks leased).
 */
static int
demo_holders(struct db *db, const struct admin_db_opts *o, long n, uint64_t seed,
    char **cause)
{
	struct config		 config;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	struct actor		 who;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], pref[3];
	char			 detail[64];
	long			 i;
	int			 syncs, rc;

	admin_actor(&who);
	if (config_open(&config, o->config, NULL, cause) != 0) {
		config_free(&config);
		return -1;
	}
	syncs = config_syncs(&config);
	rc = syncs ? demo_lease(db, &config, n, cause) : 0;
	/* Receptions too, so that the counter receives before the first sync. */
	if (rc == 0 && syncs)
		demo_lease_receptions(db, &config);
	config_free(&config);
	if (rc != 0)
		return -1;
	if ((b = holder_bulk_begin(db, &who, (size_t)n, cause)) == NULL)
		return -1;
	/*
	 * A terminal that does not sync has no store to top its numbers up: its block holds
	 * the holders' numbers and DEMO_SPARE more, so that the first approvals at the
	 * counter issue certificates at once (issue 24).
	 */
	if ((!syncs && demo_own_block(db, n + DEMO_SPARE, cause) != 0) ||
	    holder_bulk_numbers(b, (size_t)n, cause) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		demo_person(seed, i, &p, &h, birth, issue, pref);
		/* The certificate number: the next of those the bulk took. */
		if (holder_bulk_add(b, &h, cause) != 0)
			goto fail;
	}
	snprintf(detail, sizeof detail, "%ld synthetic holders, seed %llu", n,
	    (unsigned long long)seed);
	if (admin_audit(db, "holder.import", "", detail) != 0)
		goto fail;
	if (holder_bulk_end(b, cause) != 0)
		return -1;
	printf(_("imported %ld synthetic holders (seed %llu)\n"), n, (unsigned long long)seed);
	return 0;
fail:
	holder_bulk_abort(b);
	return -1;
}

static int
cmd_demo_data_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "accounts", no_argument, NULL, 'A' },
		{ "holders", required_argument, NULL, 'H' },
		{ "seed", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct account		*list;
	struct db		*db;
	char			*first = NULL;
	char			*cause = NULL;
	size_t			 n, i;
	long			 holders = 0;
	uint64_t		 seed = 1;
	char			*end;
	int			 ch, accounts = 0, rc = ADMIN_EXIT_FAIL;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "AH:S:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		if (ch == 'A')
			accounts = 1;
		else if (ch == 'H') {
			holders = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || holders < 1 ||
			    holders > 10000000) {
				fprintf(stderr, _("%s: --holders takes a number "
				    "from 1 to 10000000\n"), program_invocation_short_name);
				return ADMIN_EXIT_USAGE;
			}
		} else if (ch == 'S') {
			seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				fprintf(stderr, _("%s: --seed takes a number\n"),
				    program_invocation_short_name);
				return ADMIN_EXIT_USAGE;
			}
		} else {
			admin_usage(&admin_cmd_demo_data, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc || (!accounts && holders == 0)) {
		admin_usage(&admin_cmd_demo_data, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (strncmp(db_terminal_id(db), "DEMO", 4) != 0) {
		fprintf(stderr, _("%s: terminal %s is not a demo terminal (its id "
		    "does not start with DEMO); refusing to add demo data\n"),
		    program_invocation_short_name,
		    db_terminal_id(db));
		goto out;
	}
	if (accounts) {
		if (account_list(db, ACCOUNTS_ALL, 90, &list, &n, &cause) != 0)
			goto out;
		for (i = 0; i < n; i++) {
			if (strcmp(list[i].origin, "first-supervisor") == 0)
				first = xstrdup(list[i].user_name);
		}
		account_list_free(list, n);
		if (first == NULL) {
			fprintf(stderr, _("%s: create the first supervisor first "
			    "(init --first-supervisor)\n"), program_invocation_short_name);
			goto out;
		}
		if (demo_accounts(db, first, &cause) != 0)
			goto out;
	}
	if (holders > 0 && demo_holders(db, &o, holders, seed, &cause) != 0)
		goto out;
	rc = ADMIN_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
	}
	free(first);
	db_close(db);
	return rc;
}
