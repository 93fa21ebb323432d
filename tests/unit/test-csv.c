/*
 * CSV cells: quoted per RFC 4180 (quotes doubled; commas, quotes and line breaks stay
 * inside the quotes) and never a formula: a cell starting with =, +, -, @, TAB or CR gets
 * a leading "'".
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static void
check(const char *in, const char *want)
{
	char	*got = csv_cell(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_quoting(void **state)
{
	(void)state;
	check(NULL, "\"\"");
	check("", "\"\"");
	check("tanaka", "\"tanaka\"");
	check("田中 一郎", "\"田中 一郎\"");
	check("a,b \"c\"\nd", "\"a,b \"\"c\"\"\nd\"");
	check("\"", "\"\"\"\"");
	check("2020-04-01", "\"2020-04-01\"");
}

static void
test_formulas(void **state)
{
	(void)state;
	check("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	check("+1", "\"'+1\"");
	check("-2+3", "\"'-2+3\"");
	check("@SUM(A1)", "\"'@SUM(A1)\"");
	check("\t=1", "\"'\t=1\"");
	check("\r=1", "\"'\r=1\"");
	/* Only at the start. */
	check("a=b", "\"a=b\"");
	check(" =1", "\" =1\"");
}

static void
test_put(void **state)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	csv_put(fp, "a", 0);
	csv_put(fp, "=1", 0);
	csv_put(fp, NULL, 1);
	fclose(fp);
	assert_string_equal(buf, "\"a\",\"'=1\",\"\"\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_put),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
