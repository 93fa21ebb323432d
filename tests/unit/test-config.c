/*
 * The configuration parser: every setting known, every mistake named with its line; the
 * drop-ins beside the file, in name order, refused when others may write them; what
 * madoguchi-admin config shows, compares and writes.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-file.h"
#include "testutil.h"
#include "xmalloc.h"

static void
test_defaults(void **state)
{
	struct config	 c;

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.idle_lock_minutes, 5);
	assert_int_equal(c.account_idle_days, 90);
	assert_int_equal(c.max_offline_days, 7);
	assert_int_equal(c.max_pending_changes, 10000);
	assert_int_equal(c.max_clock_skew_seconds, 300);
	assert_int_equal(c.local_mynumber_retention_days, 0);
	/* Pushed and pulled batches are sized apart (issue 30). */
	assert_int_equal(c.sync_batch_size, 1000);
	assert_int_equal(c.sync_pull_batch_size, 1000);
	assert_string_equal(c.pam_service, "madoguchi");
	/* Certificates: no office until configured, PDFs kept unless a printer is set. */
	assert_string_equal(c.office_id, "");
	assert_string_equal(c.printer, "");
	assert_non_null(strstr(c.office_key, "/madoguchi/office.key"));
	assert_non_null(strstr(c.cert_spool, "/spool/madoguchi/certificates"));
	config_free(&c);
}

static void
test_parse(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "\n"
	    "db_path = /srv/m.db\n"
	    "  idle_lock_minutes=10  \n"
	    "allowed_terminals = tty1 tty2,pts/0\n"
	    "date_style = western\n"
	    "office_id = OFFICE-13\n"
	    "office_name = 東京都 健康安全部\n"
	    "office_key = /etc/m/office.key\n"
	    "printer = desk-1\n"
	    "cert_spool = /var/spool/m\n"
	    "sync_batch_size = 200\n"
	    "sync_pull_batch_size = 5000\n";
	struct config	 c;
	char		*cause = NULL;

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_parse(&c, text, "t.conf", &cause), 0);
	assert_string_equal(c.db_path, "/srv/m.db");
	assert_int_equal(c.idle_lock_minutes, 10);
	assert_string_equal(c.date_style, "western");
	assert_string_equal(c.office_id, "OFFICE-13");
	assert_string_equal(c.office_name, "東京都 健康安全部");
	assert_string_equal(c.office_key, "/etc/m/office.key");
	assert_string_equal(c.printer, "desk-1");
	assert_string_equal(c.cert_spool, "/var/spool/m");
	assert_int_equal(c.sync_batch_size, 200);
	assert_int_equal(c.sync_pull_batch_size, 5000);
	assert_true(config_terminal_allowed(&c, "tty1"));
	assert_true(config_terminal_allowed(&c, "tty2"));
	assert_true(config_terminal_allowed(&c, "pts/0"));
	assert_false(config_terminal_allowed(&c, "tty3"));
	assert_false(config_terminal_allowed(&c, "pts/01"));
	assert_false(config_terminal_allowed(&c, ""));
	config_free(&c);
}

static void
check_error(const char *text, const char *expect)
{
	struct config	 c;
	char		*cause = NULL;

	config_defaults(&c);
	assert_int_equal(config_parse(&c, text, "t.conf", &cause), -1);
	if (strstr(cause, expect) == NULL)
		fail_msg("'%s' does not contain '%s'", cause, expect);
	free(cause);
	config_free(&c);
}

static void
test_errors(void **state)
{
	(void)state;
	check_error("idle_lock_minute = 5\n", "t.conf:1: unknown setting \"idle_lock_minute\"");
	check_error("\n\nno equals sign\n", "t.conf:3: expected \"name = value\"");
	check_error("idle_lock_minutes = five\n", "t.conf:1: idle_lock_minutes must be");
	check_error("idle_lock_minutes = 0\n", "must be a whole number from 1 to 240");
	check_error("idle_lock_minutes = 241\n", "from 1 to 240");
	check_error("idle_lock_minutes = \n", "from 1 to 240");
	check_error("max_pending_changes = 99999999999999999999\n", "max_pending_changes");
	check_error("sync_pull_batch_size = 0\n", "sync_pull_batch_size must be a whole number "
	    "from 1 to 10000");
	check_error("sync_pull_batch_size = 10001\n", "from 1 to 10000");
	check_error("date_style = roman\n", "date_style must be");
	check_error("office_id = OFFICE|13\n", "office_id must be");
	check_error("office_id = 東京都\n", "office_id must be");
	check_error("office_id = 123456789012345678901234567890123\n", "office_id must be");
	/* madoguchi.conf(5): a name given twice in one file is an error, not "the last wins". */
	check_error("idle_lock_minutes = 5\n# later\nidle_lock_minutes = 10\n",
	    "t.conf:3: idle_lock_minutes is set again (first on line 1)");
	check_error("office_id = A\nterminal_id = T\n office_id = A\n",
	    "t.conf:3: office_id is set again (first on line 1)");
}

static void
test_any_terminal(void **state)
{
	struct config	 c;

	(void)state;
	config_defaults(&c);
	assert_true(config_terminal_allowed(&c, "tty7"));
	config_free(&c);
}

/* A main file and its drop-in directory in a private directory. */
struct dropins {
	char	 dir[256];
	char	 main[300];
	char	 d[300];
};

/* The file with this text and mode (this test links no testutil.c). */
static void
put_file(const char *path, const char *text, int mode)
{
	int	 fd;

	unlink(path);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
}

static void
dropins_make(struct dropins *t, int with_dir)
{
	static const char main_text[] = "idle_lock_minutes = 7\nprinter = main\n";

	snprintf(t->dir, sizeof t->dir, "%s/madoguchi-config.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->main, sizeof t->main, "%s/madoguchi.conf", t->dir);
	snprintf(t->d, sizeof t->d, "%s/madoguchi.conf.d", t->dir);
	put_file(t->main, main_text, 0644);
	if (with_dir)
		assert_int_equal(mkdir(t->d, 0755), 0);
}

static void
dropin_write(struct dropins *t, const char *name, const char *text, int mode)
{
	char	*path;

	xasprintf(&path, "%s/%s", t->d, name);
	put_file(path, text, mode);
	free(path);
}

static void
dropins_remove(struct dropins *t)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Later files win; only NAME.conf is read, hidden ones and others are not. */
static void
test_dropins_order(void **state)
{
	struct dropins	 t;
	struct config	 c;
	char		*cause = NULL, *expect;

	(void)state;
	dropins_make(&t, 1);
	dropin_write(&t, "50-madoguchi-admin.conf", "idle_lock_minutes = 10\n", 0644);
	dropin_write(&t, "90-site.conf", "idle_lock_minutes = 20\nbackup_keep = 3\n", 0600);
	dropin_write(&t, "10-first.conf", "idle_lock_minutes = 30\nprinter = first\n",
	    0644);
	dropin_write(&t, "99-old.conf.dpkg-old", "idle_lock_minutes = 99\n", 0644);
	dropin_write(&t, ".50-madoguchi-admin.conf.Ab12Cd", "idle_lock_minutes = 98\n",
	    0644);
	dropin_write(&t, ".hidden.conf", "idle_lock_minutes = 97\n", 0644);
	config_defaults(&c);
	if (config_load(&c, t.main, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(c.idle_lock_minutes, 20);
	assert_int_equal(c.backup_keep, 3);
	assert_string_equal(c.printer, "first");
	xasprintf(&expect, "%s\n%s/10-first.conf\n%s/50-madoguchi-admin.conf\n"
	    "%s/90-site.conf\n", t.main, t.d, t.d, t.d);
	assert_string_equal(c.files_read, expect);
	free(expect);
	config_free(&c);
	dropins_remove(&t);
}

/* No directory: the main file alone, as before drop-ins. */
static void
test_dropins_none(void **state)
{
	struct dropins	 t;
	struct config	 c;
	char		*cause = NULL, *expect;

	(void)state;
	dropins_make(&t, 0);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), 0);
	assert_int_equal(c.idle_lock_minutes, 7);
	xasprintf(&expect, "%s\n", t.main);
	assert_string_equal(c.files_read, expect);
	free(expect);
	config_free(&c);
	dropins_remove(&t);
}

/* A drop-in or directory others may write: the whole load refused, nothing applied. */
static void
test_dropins_writable(void **state)
{
	struct dropins	 t;
	struct config	 c;
	char		*cause = NULL, *expect;

	(void)state;
	dropins_make(&t, 1);
	dropin_write(&t, "20-ok.conf", "printer = ok\n", 0644);
	dropin_write(&t, "30-open.conf", "idle_lock_minutes = 200\n", 0666);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), -1);
	xasprintf(&expect, "configuration %s/30-open.conf is writable by group or others "
	    "(mode 0666)", t.d);
	if (strstr(cause, expect) == NULL)
		fail_msg("'%s' does not contain '%s'", cause, expect);
	free(expect);
	free(cause);
	cause = NULL;
	assert_int_equal(c.idle_lock_minutes, 5);	/* not even the main file's 7 */
	assert_string_equal(c.printer, "");
	config_free(&c);

	dropin_write(&t, "30-open.conf", "idle_lock_minutes = 200\n", 0620);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), -1);
	assert_non_null(strstr(cause, "(mode 0620)"));
	free(cause);
	cause = NULL;
	config_free(&c);

	dropin_write(&t, "30-open.conf", "idle_lock_minutes = 200\n", 0644);
	assert_int_equal(chmod(t.d, 0777), 0);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), -1);
	xasprintf(&expect, "configuration directory %s is writable by group or others "
	    "(mode 0777)", t.d);
	if (strstr(cause, expect) == NULL)
		fail_msg("'%s' does not contain '%s'", cause, expect);
	free(expect);
	free(cause);
	config_free(&c);
	dropins_remove(&t);
}

/* A mistake in a drop-in is named with the drop-in's path and line. */
static void
test_dropins_error(void **state)
{
	struct dropins	 t;
	struct config	 c;
	char		*cause = NULL, *expect;

	(void)state;
	dropins_make(&t, 1);
	dropin_write(&t, "40-bad.conf", "# comment\ndate_style = roman\n", 0644);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), -1);
	xasprintf(&expect, "%s/40-bad.conf: date_style must be", t.d);
	if (strstr(cause, expect) == NULL)
		fail_msg("'%s' does not contain '%s'", cause, expect);
	free(expect);
	free(cause);
	config_free(&c);
	dropins_remove(&t);
}

/* What config set checks: the configuration as it would be with one drop-in written. */
static void
test_load_with(void **state)
{
	struct dropins	 t;
	struct config	 c;
	char		*cause = NULL;

	(void)state;
	dropins_make(&t, 0);
	config_defaults(&c);
	assert_int_equal(config_load_with(&c, t.main, CONFIG_ADMIN_DROPIN,
	    "idle_lock_minutes = 11\n", &cause), 0);
	assert_int_equal(c.idle_lock_minutes, 11);
	assert_non_null(strstr(c.files_read, "madoguchi.conf.d/" CONFIG_ADMIN_DROPIN));
	config_free(&c);

	assert_int_equal(mkdir(t.d, 0755), 0);
	dropin_write(&t, CONFIG_ADMIN_DROPIN, "idle_lock_minutes = 12\n", 0644);
	dropin_write(&t, "90-site.conf", "backup_keep = 4\n", 0644);
	config_defaults(&c);
	assert_int_equal(config_load_with(&c, t.main, CONFIG_ADMIN_DROPIN,
	    "idle_lock_minutes = 0\n", &cause), -1);
	assert_non_null(strstr(cause, CONFIG_ADMIN_DROPIN ":1: idle_lock_minutes must be"));
	free(cause);
	config_free(&c);
	config_defaults(&c);
	assert_int_equal(config_load(&c, t.main, &cause), 0);
	assert_int_equal(c.idle_lock_minutes, 12);	/* the file itself is untouched */
	assert_int_equal(c.backup_keep, 4);
	config_free(&c);
	dropins_remove(&t);
}

static void
test_shown(void **state)
{
	struct config	 c;
	char		*shown, *v, *cause = NULL;

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_parse(&c, "printer = desk-1\nidle_lock_minutes = 9\n"
	    "print_two_person_check = yes\n", "t.conf", &cause), 0);
	shown = config_shown(&c);
	assert_true(strncmp(shown, "db_path = ", 10) == 0);
	assert_non_null(strstr(shown, "\nprinter = desk-1\n"));
	assert_non_null(strstr(shown, "\nidle_lock_minutes = 9\n"));
	assert_non_null(strstr(shown, "\nprint_two_person_check = yes\n"));
	assert_non_null(strstr(shown, "\noffice_id =\n"));	/* empty: no trailing blank */
	assert_true(strstr(shown, "\nprinter") < strstr(shown, "\nidle_lock_minutes"));
	free(shown);
	assert_string_equal(v = config_value(&c, "idle_lock_minutes"), "9");
	free(v);
	assert_null(config_value(&c, "idle_lock_minute"));
	config_free(&c);
}

static void
test_shown_diff(void **state)
{
	char	*d;

	(void)state;
	assert_null(config_shown_diff("a = 1\nb = 2\n", "a = 1\nb = 2\n"));
	assert_string_equal(d = config_shown_diff("a = 1\nb = 2\nc =\n",
	    "a = 1\nb = 3\nc = x\n"), "b, c");
	free(d);
	/* A setting only one program version has is no change anybody made. */
	assert_null(config_shown_diff("a = 1\nold = 2\n", "a = 1\nnew = 5\n"));
	/* A name that is the start of another is not taken for it. */
	assert_string_equal(d = config_shown_diff("sync_host = x\nsync = 1\n",
	    "sync_host = y\nsync = 1\n"), "sync_host");
	free(d);
}

static void
test_text_set(void **state)
{
	char	*t;

	(void)state;
	assert_string_equal(t = config_text_set("", "printer", "p1"), "printer = p1\n");
	free(t);
	assert_string_equal(t = config_text_set("# keep\n\nbackup_keep = 3\n"
	    "  printer=old\n# printer = comment\nprinter = again\nother = 1",
	    "printer", "p2"), "# keep\n\nbackup_keep = 3\nprinter = p2\n"
	    "# printer = comment\nother = 1\n");
	free(t);
	assert_string_equal(t = config_text_set("printer_x = 1\n", "printer", "p3"),
	    "printer_x = 1\nprinter = p3\n");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_any_terminal),
		cmocka_unit_test(test_dropins_order),
		cmocka_unit_test(test_dropins_none),
		cmocka_unit_test(test_dropins_writable),
		cmocka_unit_test(test_dropins_error),
		cmocka_unit_test(test_load_with),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_shown_diff),
		cmocka_unit_test(test_text_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
