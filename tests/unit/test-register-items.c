/*
 * The register's item rules (SPEC §4) as the forms and the data layer apply them: each kind
 * of item with valid and invalid input, normal forms, and what a person reads back.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "register/register-items.h"

static void
accepts(const char *key, const char *in, const char *want)
{
	const struct reg_item	*item = reg_item_find(NULL, key);
	char			*normal = NULL, *cause = NULL;

	assert_non_null(item);
	if (reg_check(item, in, &normal, &cause) != 0)
		fail_msg("%s '%s' refused: %s", key, in, cause);
	assert_string_equal(normal, want);
	free(normal);
}

static void
refuses(const char *key, const char *in, const char *part)
{
	const struct reg_item	*item = reg_item_find(NULL, key);
	char			*normal = NULL, *cause = NULL;

	assert_non_null(item);
	if (reg_check(item, in, &normal, &cause) == 0)
		fail_msg("%s '%s' accepted as '%s'", key, in, normal);
	assert_null(normal);
	assert_non_null(cause);
	if (strstr(cause, part) == NULL)
		fail_msg("%s '%s': message '%s' does not say '%s'", key, in, cause, part);
	free(cause);
}

static void
test_names_and_text(void **state)
{
	char	 big[160];

	(void)state;
	accepts("family_name", "  山田 ", "山田");
	accepts("family_name", "O'Brien\"; --", "O'Brien\"; --");
	refuses("family_name", "", "required");
	refuses("family_name", "   ", "required");
	refuses("family_name", "山\x1b田", "");
	refuses("family_name", "山\xff田", "");
	memset(big, 'a', 51);
	big[51] = '\0';
	refuses("family_name", big, "51");
	accepts("given_name", "", "");
	accepts("remarks", "一行目\n二行目", "一行目\n二行目");
	refuses("address1", "一行目\n二行目", "");
}

static void
test_kana(void **state)
{
	(void)state;
	accepts("family_kana", "ﾔﾏﾀﾞ", "ヤマダ");
	accepts("given_kana", "はなこ", "ハナコ");
	accepts("family_kana", "ｳﾞｫｰｸﾞ", "ヴォーグ");
	refuses("family_kana", "yamada", "");
	refuses("family_kana", "山田", "");
}

static void
test_dates(void **state)
{
	(void)state;
	accepts("birth_date", "平成31年4月30日", "2019-04-30");
	refuses("birth_date", "平成31年5月1日", "");
	accepts("birth_date", "令和元年5月1日", "2019-05-01");
	accepts("birth_date", "R7.4.1", "2025-04-01");
	accepts("birth_date", "２０２５年４月１日", "2025-04-01");
	refuses("birth_date", "2025-02-29", "");
	refuses("birth_date", "", "required");
	accepts("application_date", "H2.4.1", "1990-04-01");
}

static void
test_codes(void **state)
{
	(void)state;
	accepts("sex", "2", "2");
	accepts("sex", "男", "1");
	accepts("sex", "９", "9");
	refuses("sex", "3", "1 (male)");
	accepts("honseki_pref", "13", "13");
	accepts("honseki_pref", "1", "01");
	accepts("honseki_pref", "沖縄県", "47");
	refuses("honseki_pref", "48", "");
	accepts("honseki_pref", "", "");
	accepts("postal_code", "〒100-8926", "1008926");
	refuses("postal_code", "100-892", "");
	accepts("municipality_code", "131016", "131016");
	refuses("municipality_code", "131015", "");
	accepts("mynumber", "１２３４ ５６７８ ９０１８", "123456789018");
	refuses("mynumber", "123456789012", "check digit");
	refuses("mynumber", "12345678901", "12");
	accepts("phone", "03-1234-5678", "03-1234-5678");
	refuses("phone", "03-12", "phone");
	refuses("phone", "-0312345678", "phone");
	accepts("certificate_number", "BH-000001", "BH-000001");
	refuses("certificate_number", "BH 0001", "character 3");
	refuses("certificate_number", "BH'--", "character 3");
	accepts("alias_family_kana", "ｽｽﾞｷ", "スズキ");
	refuses("alias_given_kana", "Hanako", "");
	accepts("shikaku_kamei_id", "Q-0123abc", "Q-0123abc");
	refuses("mynaportal_kamei_id", "MP 01", "character 3");
}

/* The 外字 flag: the column is never empty, so an empty field is 0. */
static void
test_flag(void **state)
{
	char	*s;

	(void)state;
	accepts("has_gaiji", "1", "1");
	accepts("has_gaiji", "はい", "1");
	accepts("has_gaiji", "０", "0");
	accepts("has_gaiji", "", "0");
	refuses("has_gaiji", "2", "0 (no) or 1 (yes)");
	refuses("has_gaiji", "yes", "0 (no) or 1 (yes)");
	s = reg_display(reg_item_find(NULL, "has_gaiji"), "1", 0);
	assert_string_equal(s, "yes");
	free(s);
}

static void
test_code_lists(void **state)
{
	(void)state;
	accepts("qualification", "1", "building-hygiene");
	accepts("qualification", "water-supply", "water-supply");
	accepts("qualification", "Dietitian", "dietitian");
	refuses("qualification", "5", "1 to 4");
	refuses("qualification", "", "required");
	accepts("route", "2", "course");
	refuses("route", "0", "1 to 3");
	accepts("reason_code", "1", "death");
	refuses("reason_code", "9", "1 to 5");
}

static void
test_display(void **state)
{
	char	*s;

	(void)state;
	s = reg_display(reg_item_find(NULL, "sex"), "2", 0);
	assert_string_equal(s, "female");
	free(s);
	s = reg_display(reg_item_find(NULL, "birth_date"), "2019-05-01", 1);
	assert_string_equal(s, "令和元年5月1日");
	free(s);
	s = reg_display(reg_item_find(NULL, "birth_date"), "2019-05-01", 0);
	assert_string_equal(s, "2019-05-01");
	free(s);
	s = reg_display(reg_item_find(NULL, "postal_code"), "1008926", 0);
	assert_string_equal(s, "〒100-8926");
	free(s);
	s = reg_display(reg_item_find(NULL, "honseki_pref"), "13", 0);
	assert_string_equal(s, "東京都 (13)");
	free(s);
	s = reg_display(reg_item_find(NULL, "qualification"), "unknown", 0);
	assert_string_equal(s, "unknown");
	free(s);
	assert_null(reg_item_find(NULL, "nickname"));
	assert_null(reg_item_find(reg_registration_items, "family_name"));
	assert_int_equal(reg_item_count(reg_deletion_items), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_text),
		cmocka_unit_test(test_kana),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_code_lists),
		cmocka_unit_test(test_flag),
		cmocka_unit_test(test_display),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
