/*
 * The duplicate check of a new registration (db/register/register-dups.c, issue 25) and the
 * kana folding it compares names with (lib/kana-fold.c): the same My Number; the same birth
 * date with the same kana name, exactly or spelled with ヴ/バ行, small kana or spaces; the
 * same birth date and given name with a family name that is the other's 旧氏; and what is no
 * candidate (another birth date, another name, an erased holder).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "kana-fold.h"
#include "register/holders.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor importer = { "root", "os-admin", "pts/0", 1 };

static void
holder(struct fixture *f, const char *family, const char *given, const char *fkana,
    const char *gkana, const char *birth, const char *mynumber, const char *cert,
    char id[37])
{
	struct holder_record	 h;
	char			*cause = NULL;

	memset(&h, 0, sizeof h);
	h.family_name = family;
	h.given_name = given;
	h.family_kana = fkana;
	h.given_kana = gkana;
	h.sex = 1;
	h.birth_date = birth;
	h.mynumber = mynumber;
	h.qualification = "building-hygiene";
	h.certificate_number = cert;
	h.issue_date = "2010-06-01";
	h.route = "exam";
	if (holder_import(f->db, &importer, &h, &cause) != 0)
		fail_msg("holder_import: %s", cause);
	memcpy(id, h.id, 37);
}

/* The candidates for these values, as "name: why" lines. */
static char *
dups(struct fixture *f, const char *fkana, const char *gkana, const char *former,
    const char *birth, const char *mynumber)
{
	struct reg_value	 v[5];
	struct reg_duplicate	*d;
	size_t			 n = 0, nd, i;
	char			*cause = NULL, *out = xstrdup(""), *next;

	v[n].key = (char *)"family_kana";
	v[n++].value = (char *)fkana;
	v[n].key = (char *)"given_kana";
	v[n++].value = (char *)gkana;
	v[n].key = (char *)"birth_date";
	v[n++].value = (char *)birth;
	if (former != NULL) {
		v[n].key = (char *)"former_family_kana";
		v[n++].value = (char *)former;
	}
	if (mynumber != NULL) {
		v[n].key = (char *)"mynumber";
		v[n++].value = (char *)mynumber;
	}
	if (reg_duplicates(f->db, v, n, &d, &nd, &cause) != 0)
		fail_msg("reg_duplicates: %s", cause);
	for (i = 0; i < nd; i++) {
		xasprintf(&next, "%s%s: %s\n", out, d[i].name, d[i].why);
		free(out);
		out = next;
	}
	reg_duplicates_free(d, nd);
	return out;
}

static void
test_fold(void **state)
{
	static const char *const pairs[][2] = {
		{ "ヴァイオリン", "バイオリン" }, { "ヴィ", "ビ" }, { "ヴ", "ブ" },
		{ "ヴェ", "ベ" }, { "ヴォ", "ボ" }, { "ヴヴ", "ブブ" },
		{ "キャッシュ", "キヤツシユ" }, { "ヶヵヮ", "ケカワ" },
		{ "ヤマダ　ハナコ", "ヤマダハナコ" }, { "メアリー・スミス", "メアリスミス" },
		{ "", "" }, { "山田", "山田" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		s = kana_fold(pairs[i][0]);
		assert_string_equal(s, pairs[i][1]);
		free(s);
	}
	/* Bytes that are not UTF-8 pass through, and nothing grows. */
	s = kana_fold("\xff\xfe");
	assert_string_equal(s, "\xff\xfe");
	free(s);
}

static void
test_candidates(void **state)
{
	struct fixture	*f = *state;
	char		 watanabe[37], vio[37], other[37], erased[37], *got;

	holder(f, "渡辺", "賢治", "ワタナベ", "ケンジ", "1970-01-01", "123456789018", "BH-1",
	    watanabe);
	holder(f, "ヴィオラ", "花子", "ヴィオラ", "ハナコ", "1985-05-05", NULL, "BH-2", vio);
	holder(f, "渡辺", "賢治", "ワタナベ", "ケンジ", "1971-01-01", NULL, "BH-3", other);
	holder(f, "佐藤", "一郎", "サトウ", "イチロウ", "1990-02-02", NULL, "BH-4", erased);
	assert_int_equal(db_exec(f->db, "UPDATE holders SET erased = 1 WHERE family_kana = "
	    "'サトウ'", NULL), 0);
	assert_int_equal(db_exec(f->db, "UPDATE holders SET former_family_kana = 'スズキ' "
	    "WHERE family_kana = 'ヴィオラ'", NULL), 0);

	/* The exact duplicate the issue saw registered twice. */
	got = dups(f, "ワタナベ", "ケンジ", NULL, "1970-01-01", NULL);
	assert_string_equal(got, "渡辺 賢治: the same birth date and name (kana)\n");
	free(got);
	/* The same My Number, whatever the name; listed once with its first reason. */
	got = dups(f, "ヤマダ", "タロウ", NULL, "1999-09-09", "123456789018");
	assert_string_equal(got, "渡辺 賢治: the same My Number\n");
	free(got);
	got = dups(f, "ワタナベ", "ケンジ", NULL, "1970-01-01", "123456789018");
	assert_string_equal(got, "渡辺 賢治: the same My Number\n");
	free(got);
	/* Spelled with バ行 and a space. */
	got = dups(f, "ビオラ", "ハナコ", NULL, "1985-05-05", NULL);
	assert_string_equal(got, "ヴィオラ 花子: the same birth date and name (kana)\n");
	free(got);
	/* Married: her family name now, the other's 旧氏 — and the other way round. */
	got = dups(f, "スズキ", "ハナコ", NULL, "1985-05-05", NULL);
	assert_non_null(strstr(got, "ヴィオラ 花子: the same birth date and given name"));
	free(got);
	got = dups(f, "タナカ", "ケンジ", "ワタナベ", "1970-01-01", NULL);
	assert_non_null(strstr(got, "渡辺 賢治: the same birth date and given name"));
	free(got);
	/* No candidate: another day, another given name, an erased holder, no birth date. */
	got = dups(f, "ワタナベ", "ケンイチ", NULL, "1970-01-01", NULL);
	assert_string_equal(got, "");
	free(got);
	got = dups(f, "ワタナベ", "ケンジ", NULL, "1970-01-02", NULL);
	assert_string_equal(got, "");
	free(got);
	got = dups(f, "サトウ", "イチロウ", NULL, "1990-02-02", NULL);
	assert_string_equal(got, "");
	free(got);
	got = dups(f, "スズキ", "ハナコ", "", "1985-05-06", NULL);
	assert_string_equal(got, "");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test_setup_teardown(test_candidates, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
