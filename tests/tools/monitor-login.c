/*
 * monitor-login: a login through monitor_start, for shell tests (tests/cli/
 * test-monitor-start.sh) and as a template for the screens. The monitor forks as madoguchi
 * does; this process (the screen process) answers the PAM conversation from the command
 * line, takes the key, opens the database, logs out.
 *
 *	monitor-login [--config FILE] USER ANSWER...
 *
 * Prints each conversation message as "STYLE: text" (OFF, ON, ERR, INFO), then
 * "outcome NAME", "user NAME", "roles ...", "message ...", "uid N" and "database opened".
 * Exits 0 after a successful login, 1 otherwise (the monitor exits with the same status).
 */
#include "config.h"

#include <security/pam_appl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "keyfile.h"
#include "auth/monitor-client.h"
#include "auth/monitor.h"
#include "xmalloc.h"

struct answers {
	char	**v;
	int	  n;
	int	  next;
};

static int
conv(void *arg, int n, const struct auth_prompt *p, char **replies)
{
	struct answers	*a = arg;
	static const char *tags[] = { "?", "OFF", "ON", "ERR", "INFO" };
	int		 i;

	for (i = 0; i < n; i++) {
		printf("%s: %s\n", p[i].style >= 1 && p[i].style <= 4 ? tags[p[i].style] : "?",
		    p[i].text);
		if (p[i].style != PAM_PROMPT_ECHO_OFF && p[i].style != PAM_PROMPT_ECHO_ON)
			continue;
		if (a->next >= a->n)
			return -1;
		replies[i] = xstrdup(a->v[a->next++]);
	}
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	struct config		 config;
	struct auth_result	 res;
	struct answers		 a;
	struct monitor		*mon;
	struct key		*key;
	struct db		*db;
	char			*cause = NULL;
	int			 rc = 1;

	i18n_init();
	config_defaults(&config);
	if (argc > 2 && strcmp(argv[1], "--config") == 0) {
		if (config_load(&config, argv[2], &cause) != 0) {
			fprintf(stderr, "monitor-login: %s\n", cause);
			return 1;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: monitor-login [--config FILE] USER ANSWER...\n");
		return 2;
	}
	if (monitor_start(&config, config.db_path, config.key_path, &mon, &cause) != 0) {
		fprintf(stderr, "monitor-login: %s\n", cause);
		return 1;
	}
	a.v = argv + 2;
	a.n = argc - 2;
	a.next = 0;
	if (monitor_authenticate(mon, argv[1], "pts/test", conv, &a, &res) != 0)
		printf("connection lost\n");
	printf("outcome %s\nuser %s\nroles %s\nmessage %s\nuid %ld\n",
	    auth_outcome_name(res.outcome), res.user, res.roles, res.message,
	    (long)getuid());
	if (res.outcome == AUTH_OK) {
		key = key_new();
		if (monitor_get_key(mon, key) == 0 &&
		    (db = db_open(config.db_path, key, DB_OPEN_EXISTING, NULL, &cause)) != NULL) {
			printf("database opened\n");
			db_close(db);
			rc = 0;
		} else
			printf("no database: %s\n", cause != NULL ? cause : "no key");
		key_free(key);
	}
	fflush(stdout);
	monitor_close(mon);
	config_free(&config);
	return rc;
}
