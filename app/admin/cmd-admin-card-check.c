/*
 * madoguchi-admin card-check: the card readers pcscd sees, and whether a card answers in
 * each, for the sysadmin setting up a terminal (issue 29). It reads nothing from a card: no
 * PIN is asked and no personal data is shown. Exit 0 when a My Number card answers, 1 when
 * none does (no pcscd, no reader, no card, another card), 2 on a bad command line.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "admin/admin.h"
#include "card/card-read.h"
#include "escape.h"
#include "i18n.h"

static int	cmd_card_check_exec(int, char **);

const struct admin_cmd admin_cmd_card_check = {
	.name = "card-check",
	.usage = "",
	.summary = N_("list the card readers and whether a My Number card answers"),
	.exec = cmd_card_check_exec,
};

static int
cmd_card_check_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct card_reader	*readers;
	size_t			 n, i;
	char			*cause = NULL, *shown;
	int			 ch, found = 0;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		admin_usage(&admin_cmd_card_check, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_card_check, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (card_readers(&readers, &n, &cause) != CARD_OK) {
		fprintf(stderr, "madoguchi-admin: %s\n", cause);
		free(cause);
		return ADMIN_EXIT_FAIL;
	}
	if (n == 0) {
		fprintf(stderr, _("madoguchi-admin: pcscd runs but sees no card reader: plug one "
		    "in (a CCID reader needs no driver of its own)\n"));
		return ADMIN_EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		/* A reader's name comes from its USB descriptor: shown escaped. */
		shown = escape_text(readers[i].name, 0);
		printf("%s: %s\n", shown, readers[i].mynumber ? _("a My Number card answers") :
		    readers[i].card ? _("a card answers, but not as a My Number card") :
		    _("no card"));
		free(shown);
		found |= readers[i].mynumber;
	}
	card_readers_free(readers, n);
	return found ? ADMIN_EXIT_OK : ADMIN_EXIT_FAIL;
}
