/*
 * madoguchi-admin signing-key: the key this terminal signs its sync batches with (SPEC
 * §10). Prints the public key, which the central store's administrator registers
 * (madoguchi-central-setup --signing-key); with --create, first makes the key if there is
 * none (postinst does that), never replacing one.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "admin/admin.h"
#include "config-file.h"
#include "i18n.h"
#include "sync/sync-sign.h"

static int	cmd_signing_key_exec(int, char **);

const struct admin_cmd admin_cmd_signing_key = {
	.name = "signing-key",
	.usage = "[--config FILE] [--create]",
	.summary = N_("print (or first make) the key this terminal signs sync batches with"),
	.exec = cmd_signing_key_exec,
};

static int
cmd_signing_key_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "create", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 config;
	EVP_PKEY	*key;
	const char	*path = NULL;
	char		*cause = NULL;
	int		 ch, create = 0, rc = ADMIN_EXIT_OK;

	while ((ch = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			create = 1;
			break;
		default:
			admin_usage(&admin_cmd_signing_key, ch == 'h' ? stdout : stderr);
			return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_signing_key, stderr);
		return ADMIN_EXIT_USAGE;
	}
	if (config_open(&config, path, NULL, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(&config);
		return ADMIN_EXIT_OPEN;
	}
	if (create && access(config.sync_signing_key, F_OK) != 0 && errno == ENOENT) {
		if (sync_sign_key_create(config.sync_signing_key, SYNC_SIGN_BITS,
		    &cause) != 0) {
			fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
			free(cause);
			config_free(&config);
			return ADMIN_EXIT_FAIL;
		}
		fprintf(stderr, _("%s: made a new signing key in %s; register the "
		    "public key below with the central store\n"), program_invocation_short_name,
		    config.sync_signing_key);
	}
	if ((key = sync_sign_key_load(config.sync_signing_key, &cause)) == NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(&config);
		return ADMIN_EXIT_OPEN;
	}
	if (sync_sign_key_print_public(key, stdout) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, _("%s: cannot print the public "
		    "key\n"), program_invocation_short_name);
		rc = ADMIN_EXIT_FAIL;
	}
	EVP_PKEY_free(key);
	config_free(&config);
	return rc;
}
