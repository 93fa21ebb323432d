/* app/: the programs' entry points at its top (madoguchi*.c); the logic above storage below.
 * Entry points may use everything; app/<subsystem>/ may use lib/, db/ and app/. */
/*
 * madoguchi: the desk application of an identity-verification terminal.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/dbopen.h"
#include "audit/audit.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "auth/monitor.h"
#include "auth/monitor-client.h"
#include "screens.h"
#include "sync/sync-bg.h"
#include "textwidth.h"
#include "ttyseat.h"
#include "ui.h"
#include "xmalloc.h"

static void	usage(FILE *);
static const char *current_tty(void);
static void	refused_start(const char *, const char *, const char *, const char *);
static void	start_failed(const char *);

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

/*
 * "tty1", "pts/3", or "" when standard input is not a terminal. On a pseudo-terminal whose
 * console program holds a VT (the kiosk unit's kmscon), the VT: the seat the unit owns.
 */
static const char *
current_tty(void)
{
	static char	 seat[TTYSEAT_SIZE];
	const char	*name;

	if ((name = ttyname(STDIN_FILENO)) == NULL)
		return "";
	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	if (strncmp(name, "pts/", 4) == 0 && tty_seat("/proc", getpid(), seat) == 0)
		return seat;
	return name;
}

/*
 * A start refused on this terminal is audited: somebody tried to work where the office
 * does not allow it. Started as root on the kiosk this process can open the database as
 * the admin tools do; when it cannot, the refusal is only on standard error, and says so.
 */
static void
refused_start(const char *config_path, const char *db_path, const char *key_path,
    const char *tty)
{
	struct audit_event	 ev;
	struct db		*db;
	char			*cause = NULL, *detail;

	xasprintf(&detail, "terminal %s is not in allowed_terminals", *tty != '\0' ? tty :
	    "(no tty)");
	memset(&ev, 0, sizeof ev);
	ev.tty = tty;
	ev.user = "";
	ev.role = "";
	ev.action = "session.start";
	ev.target = "";
	ev.result = "denied";
	ev.detail = detail;
	if ((db = dbopen_tool(config_path, db_path, key_path, DB_OPEN_EXISTING,
	    &cause)) == NULL || audit_append(db, &ev, &cause) != 0) {
		fprintf(stderr, _("madoguchi: not audited: %s\n"), cause);
		free(cause);
	}
	db_close(db);
	free(detail);
}

/*
 * Why madoguchi does not start goes to standard error (the journal, under the kiosk unit)
 * and, when standard output is a terminal that standard error is not (the kiosk's tty),
 * onto that screen too: a typo in the configuration must not leave the desk's screen
 * blank. Either way the terminal says what to do next.
 */
static void
start_failed(const char *cause)
{
	struct stat	 out, err;
	struct winsize	 ws;
	char		*text, *wrapped;
	int		 cols = 80;

	if (ioctl(isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDERR_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		cols = ws.ws_col;
	/* On a terminal the line is broken at words too; the journal gets it whole. */
	xasprintf(&text, "madoguchi: %s", cause);
	wrapped = isatty(STDERR_FILENO) ? textwidth_wrap(text, cols - 1) : xstrdup(text);
	fprintf(stderr, "%s\n", wrapped);
	free(wrapped);
	free(text);
	if (!isatty(STDOUT_FILENO))
		return;
	if (fstat(STDOUT_FILENO, &out) == 0 && fstat(STDERR_FILENO, &err) == 0 &&
	    out.st_rdev == err.st_rdev)
		text = xstrdup("");
	else
		xasprintf(&text, "%s\n%s\n", _("madoguchi cannot start:"), cause);
	/* Broken at words, as the screens do: the terminal would break them anywhere. */
	xasprintf(&wrapped, "%s\n%s", text, _("What to do: tell the terminal's administrator. "
	    "They find the settings with 'madoguchi-admin config show' and the log with "
	    "'journalctl -u madoguchi@TTY'. As the kiosk of a tty, madoguchi tries again in 10 "
	    "seconds."));
	free(text);
	text = textwidth_wrap(wrapped, cols - 1);
	printf("%s\n", text);
	fflush(stdout);
	free(text);
	free(wrapped);
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
	struct monitor		*mon;
	struct ui		*ui;
	const char		*config_path = NULL, *db_path = NULL, *key_path = NULL;
	const char		*tty;
	pid_t			 sync_pid;
	char			*cause = NULL;
	int			 ch, next;

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

	if (config_open(&config, config_path, NULL, &cause) != 0)
		goto fail;
	i18n_default_language(config.language);
	if (!i18n_utf8()) {
		/*
		 * Both languages, untranslated: the catalogue's Japanese cannot be shown in
		 * this codeset, and whoever reads this may not read English.
		 */
		fprintf(stderr, "madoguchi: the character set is %s, not UTF-8: kanji can be "
		    "neither shown nor typed. Start it under a UTF-8 locale (LANG=ja_JP.UTF-8 "
		    "or C.UTF-8).\n"
		    "madoguchi: 文字コードが UTF-8 ではありません (%s)。漢字の表示も入力も"
		    "できません。UTF-8 のロケール (LANG=ja_JP.UTF-8 または C.UTF-8) で起動して"
		    "ください。\n", nl_langinfo(CODESET), nl_langinfo(CODESET));
		config_free(&config);
		return 1;
	}
	/* Command-line paths win; the screens read them from the configuration. */
	if (db_path != NULL) {
		free(config.db_path);
		config.db_path = xstrdup(db_path);
	}
	if (key_path != NULL) {
		free(config.key_path);
		config.key_path = xstrdup(key_path);
	}
	db_path = config.db_path;
	key_path = config.key_path;

	tty = current_tty();
	if (!config_terminal_allowed(&config, tty)) {
		xasprintf(&cause, _("this terminal (%s) is not in allowed_terminals; "
		    "madoguchi does not start here"), *tty != '\0' ? tty : _("no tty"));
		start_failed(cause);
		free(cause);
		refused_start(config_path, db_path, key_path, tty);
		config_free(&config);
		return 1;
	}
	/*
	 * From here on two processes: this call returns in the screen process (unprivileged
	 * when started as root); the privileged monitor keeps PAM and the key, and exits
	 * with the screen process's status. Key and database problems are reported here,
	 * before any curses.
	 */
	/* Before the monitor: the sync process reads the keys this process can still read. */
	sync_pid = sync_bg_start(&config, config_path);
	if (monitor_start(&config, db_path, key_path, &mon, &cause) != 0)
		goto fail;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		xasprintf(&cause, _("madoguchi needs a terminal"));
		monitor_close(mon);
		goto fail;
	}

	ui = ui_new(&config, NULL, mon, tty);
	ui_set_sync_pid(ui, sync_pid);
	next = ui_run(ui, &screen_login, NULL);
	db_close(ui_db(ui));
	ui_free(ui);
	monitor_close(mon);
	config_free(&config);
	/* After a logout the monitor starts the next clerk's login screen in a new process. */
	return next ? MONITOR_EXIT_NEXT : 0;

fail:
	start_failed(cause);
	free(cause);
	config_free(&config);
	return 1;
}
