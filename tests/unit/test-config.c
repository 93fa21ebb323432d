/* The configuration parser: every setting known, every mistake named with its line. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config-file.h"
#include "testutil.h"

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
	    "cert_spool = /var/spool/m\n";
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
	check_error("date_style = roman\n", "date_style must be");
	check_error("office_id = OFFICE|13\n", "office_id must be");
	check_error("office_id = 東京都\n", "office_id must be");
	check_error("office_id = 123456789012345678901234567890123\n", "office_id must be");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_any_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
