/*
 * madoguchi-sync: the desk's background sync process (app/sync/sync-bg.c), a helper under
 * /usr/libexec/madoguchi that madoguchi starts (app/sync/sync-launch.c); nobody runs it by
 * hand. The configuration is read again here rather than passed: the file is the one the
 * desk read, and the database and key paths come as the desk uses them.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "config-file.h"
#include "i18n.h"
#include "sync/sync-bg.h"
#include "xmalloc.h"

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 config;
	const char	*config_path = NULL, *db_path = NULL, *key_path = NULL;
	char		*cause = NULL;
	int		 ch;

	i18n_init();
	while ((ch = getopt_long(argc, argv, "c:d:k:", longopts, NULL)) != -1) {
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
		default:
			goto usage;
		}
	}
	if (optind != argc || db_path == NULL || key_path == NULL)
		goto usage;
	if (config_open(&config, config_path, NULL, &cause) != 0) {
		/* Its standard streams are /dev/null (sync-launch.c). */
		openlog("madoguchi-sync", LOG_PID, LOG_DAEMON);
		syslog(LOG_ERR, "cannot read the configuration: %s", cause);
		return 1;
	}
	free(config.db_path);
	config.db_path = xstrdup(db_path);
	free(config.key_path);
	config.key_path = xstrdup(key_path);
	sync_bg_run(&config);

usage:
	fprintf(stderr, _("madoguchi-sync is started by madoguchi, not by hand\n"
	    "usage: madoguchi-sync [--config FILE] --db PATH --key PATH\n"));
	return 2;
}
