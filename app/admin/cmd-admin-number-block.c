/*
 * madoguchi-admin number-block: the blocks of certificate numbers this terminal hands out
 * (SPEC §6). Until sync leases blocks from the central store, an administrator adds the
 * block the office assigned to this terminal; the block and its audit entry are committed
 * together.
 *
 *	madoguchi-admin number-block add --from N --to N --prefix P
 *	madoguchi-admin number-block list
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "config-file.h"
#include "sync/sync-client.h"
#include "sync/sync-numbers.h"
#include "cert/cert-numbers.h"
#include "i18n.h"
#include "xmalloc.h"

static int	 cmd_number_block_exec(int, char **);
static int	 block_add(int, char **);
static int	 block_list(int, char **);
static int	 parse_number(const char *, const char *, int64_t *);

const struct admin_cmd admin_cmd_number_block = {
	.name = "number-block",
	.usage = "add --from N --to N --prefix P | list  [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("add or list the blocks of certificate numbers of this terminal"),
	.exec = cmd_number_block_exec,
};

static int
parse_number(const char *what, const char *arg, int64_t *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (errno != 0 || *arg == '\0' || *end != '\0' || n < 0 || n > CERT_NUMBER_LAST) {
		fprintf(stderr, _("%s: %s must be a number from 0 to %" PRId64
		    "\n"), program_invocation_short_name, what, CERT_NUMBER_LAST);
		return -1;
	}
	*out = n;
	return 0;
}

/*
 * On a terminal that syncs, a block is the office's to give: the central store registers
 * it as this terminal's first, and refuses one that overlaps another terminal's block (the
 * block is then not added). When the store cannot be reached the block is added
 * unconfirmed, and handed out only once a sync has registered it. Returns the block's
 * state, or NULL when it must not be added.
 */
static const char *
block_central(const struct admin_db_opts *o, const char *prefix, int64_t first,
    int64_t last)
{
	struct config		 config;
	struct sync_params	 p;
	const char		*state = "local";
	char			*cause = NULL;
	int			 rc;

	if (config_open(&config, o->config, NULL, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(&config);
		return NULL;
	}
	if (config_syncs(&config)) {
		sync_params_from_config(&p, &config);
		rc = sync_register_block(&p, prefix, first, last, &cause);
		if (rc == 0)
			state = "confirmed";
		else if (rc > 0) {
			fprintf(stderr, _("%s: %s\nNothing was added: ask the "
			    "office for a block no other terminal has.\n"),
			    program_invocation_short_name, cause);
			state = NULL;
		} else {
			fprintf(stderr, _("%s: %s\n"), program_invocation_short_name, cause);
			state = "unconfirmed";
		}
		free(cause);
	}
	config_free(&config);
	return state;
}

static int
block_add(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "prefix", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct db		*db;
	const char		*prefix = NULL;
	char			*cause = NULL, *target, *detail, first_text[CERT_NUMBER_SIZE];
	char			 last_text[CERT_NUMBER_SIZE];
	const char		*central;
	int64_t			 first = -1, last = -1, id;
	int			 ch, rc;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "f:t:p:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'f':
			if (parse_number("--from", optarg, &first) != 0)
				return ADMIN_EXIT_USAGE;
			break;
		case 't':
			if (parse_number("--to", optarg, &last) != 0)
				return ADMIN_EXIT_USAGE;
			break;
		case 'p':
			prefix = optarg;
			break;
		default:
			admin_usage(&admin_cmd_number_block, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc || first < 0 || last < 0 || prefix == NULL) {
		admin_usage(&admin_cmd_number_block, stderr);
		return ADMIN_EXIT_USAGE;
	}
	/* Checked here first: the store is asked only about a block that could be added. */
	if (cert_numbers_check_block(prefix, first, last, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		return ADMIN_EXIT_USAGE;
	}
	if ((central = block_central(&o, prefix, first, last)) == NULL)
		return ADMIN_EXIT_FAIL;
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL)
		return ADMIN_EXIT_OPEN;
	rc = ADMIN_EXIT_FAIL;
	if (db_begin(db, &cause) != 0)
		goto fail;
	if (cert_numbers_add_block_id(db, "admin", prefix, first, last, central, &id,
	    &cause) != 0) {
		db_rollback(db);
		goto fail;
	}
	cert_number_format(prefix, first, last, first_text);
	cert_number_format(prefix, last, last, last_text);
	xasprintf(&target, "number-block:%" PRId64, id);
	xasprintf(&detail, "%s-%s", first_text, last_text);
	if (admin_audit(db, "cert.numbers.add", target, detail) != 0) {
		db_rollback(db);
		free(target);
		free(detail);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	free(target);
	free(detail);
	if (db_commit(db, &cause) != 0)
		goto fail;
	printf(_("added number block %" PRId64 ": %s to %s (%" PRId64 " numbers)\n"), id,
	    first_text, last_text, last - first + 1);
	if (strcmp(central, "unconfirmed") == 0)
		printf(_("the block is unconfirmed: none of its numbers is handed out until the "
		    "next sync has the central store register it\n"));
	db_close(db);
	return ADMIN_EXIT_OK;
fail:
	fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
	free(cause);
	db_close(db);
	return rc;
}

static int
block_list(int argc, char **argv)
{
	struct admin_db_opts	 o;
	struct cert_block	*list;
	struct db		*db;
	char			*cause = NULL, first[CERT_NUMBER_SIZE], last[CERT_NUMBER_SIZE];
	char			 next[CERT_NUMBER_SIZE];
	size_t			 n, i;
	int64_t			 left;
	int			 rc;

	if ((rc = admin_parse_db_opts(&admin_cmd_number_block, argc, argv, &o)) != -1)
		return rc;
	if ((db = admin_open(&o, DB_OPEN_READONLY)) == NULL)
		return ADMIN_EXIT_OPEN;
	if (cert_numbers_list(db, &list, &n, &left, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		db_close(db);
		return ADMIN_EXIT_FAIL;
	}
	printf(_("%-4s %-8s %-12s %-16s %-16s %-16s %s\n"), _("id"), _("source"),
	    _("central"), _("first"), _("last"), _("next"), _("left"));
	for (i = 0; i < n; i++) {
		cert_number_format(list[i].prefix, list[i].first, list[i].last, first);
		cert_number_format(list[i].prefix, list[i].last, list[i].last, last);
		if (list[i].exhausted)
			snprintf(next, sizeof next, "%s", _("(used up)"));
		else
			cert_number_format(list[i].prefix, list[i].next, list[i].last, next);
		printf("%-4" PRId64 " %-8s %-12s %-16s %-16s %-16s %" PRId64 "\n", list[i].id,
		    list[i].source, list[i].central, first, last, next,
		    list[i].last + 1 - list[i].next);
		if (*list[i].central_note != '\0')
			printf("     %s\n", list[i].central_note);
	}
	printf(_("%" PRId64 " certificate numbers left in %zu blocks\n"), left, n);
	if (left == 0)
		printf(_("no number is left: add a block before issuing certificates\n"));
	free(list);
	db_close(db);
	return ADMIN_EXIT_OK;
}

static int
cmd_number_block_exec(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return block_add(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return block_list(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		admin_usage(&admin_cmd_number_block, stdout);
		return ADMIN_EXIT_OK;
	}
	admin_usage(&admin_cmd_number_block, stderr);
	return ADMIN_EXIT_USAGE;
}
