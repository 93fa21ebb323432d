/*
 * madoguchi: the desk application of an identity-verification terminal.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "keyfile.h"
#include "screens.h"
#include "ui.h"
#include "xmalloc.h"

static void	usage(FILE *);
static const char *current_tty(void);

static void
usage(FILE *f)
{
	fprintf(f, _("usage: madoguchi [--config FILE] [--db PATH] [--key PATH]\n"
	    "       madoguchi --version | --help\n"
	    "\n"
	    "The desk application of an identity-verification terminal.\n"
	    "\n"
	    "  -c, --config FILE  configuration file (default %s)\n"
	    "  -d, --db PATH      encrypted database (overrides db_path)\n"
	    "  -k, --key PATH     database key file (overrides key_path)\n"
	    "  -V, --version      print the version and exit\n"
	    "  -h, --help         print this help and exit\n"), CONFIG_DEFAULT_PATH);
}

/* "tty1", "pts/3", or "" when standard input is not a terminal. */
static const char *
current_tty(void)
{
	const char	*name;

	if ((name = ttyname(STDIN_FILENO)) == NULL)
		return "";
	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	return name;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct config		 config;
	struct audit_event	 ev;
	struct key		*key;
	struct db		*db;
	struct ui		*ui;
	const char		*config_path = NULL, *db_path = NULL, *key_path = NULL;
	const char		*tty;
	char			*cause = NULL;
	enum db_error		 err;
	int			 ch;

	i18n_init();
	while ((ch = getopt_long(argc, argv, "c:d:k:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			db_path = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 'V':
			printf("madoguchi %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	config_defaults(&config);
	if (config_path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
		config_path = CONFIG_DEFAULT_PATH;
	if (config_path != NULL && config_load(&config, config_path, &cause) != 0)
		goto fail;
	if (db_path == NULL)
		db_path = config.db_path;
	if (key_path == NULL)
		key_path = config.key_path;

	tty = current_tty();
	if (!config_terminal_allowed(&config, tty)) {
		xasprintf(&cause, _("this terminal (%s) is not in allowed_terminals; "
		    "madoguchi does not start here"), *tty != '\0' ? tty : _("no tty"));
		goto fail;
	}
	key = key_new();
	if (key_load(key_path, key, &cause) != 0) {
		key_free(key);
		goto fail;
	}
	db = db_open(db_path, key, DB_OPEN_EXISTING, &err, &cause);
	key_free(key);
	if (db == NULL)
		goto fail;
	/* Checked after the database, so that its problems are reported from scripts too. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xasprintf(&cause, _("madoguchi needs a terminal"));
		db_close(db);
		goto fail;
	}

	memset(&ev, 0, sizeof ev);
	ev.tty = tty;
	ev.action = "app.start";
	ev.result = "ok";
	if (audit_append(db, &ev, &cause) != 0) {
		db_close(db);
		goto fail;
	}

	ui = ui_new(&config, db);
	ui_run(ui, &screen_start, NULL);
	ui_free(ui);
	db_close(db);
	config_free(&config);
	return 0;

fail:
	fprintf(stderr, "madoguchi: %s\n", cause);
	free(cause);
	config_free(&config);
	return 1;
}
