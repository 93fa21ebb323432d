/*
 * Synthetic people: the same person for the same (seed, index) in any order, every field
 * valid for the validators over 100,000 people, 外字 exactly where flagged (checked with
 * iconv's CP932), about 1 % of them, and a pinned person so that demo data and the Juki-net
 * simulator do not drift apart unnoticed.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth.h"
#include "textwidth.h"
#include "valid.h"

#define PEOPLE	100000

static int
setup(void **state)
{
	iconv_t	 cd = iconv_open("CP932", "UTF-8");

	if (cd == (iconv_t)-1)
		return -1;
	*state = cd;
	return 0;
}

static int
teardown(void **state)
{
	iconv_close(*state);
	return 0;
}

/* Whether CP932 can carry s. */
static int
cp932(iconv_t cd, const char *s)
{
	char	 in[256], out[512], *ip = in, *op = out;
	size_t	 il = strlen(s), ol = sizeof out;

	assert_true(il < sizeof in);
	memcpy(in, s, il);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		assert_int_equal(errno, EILSEQ);
		return 0;
	}
	return 1;
}

static int
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return s[n] == '\0';
}

static void
test_deterministic(void **state)
{
	struct synth_person	 a, b;
	uint64_t		 i;

	(void)state;
	/* Any order: index 99999 alone, then after others. */
	synth_person(42, 99999, &a);
	for (i = 0; i < 1000; i++)
		synth_person(42, i, &b);
	synth_person(42, 99999, &b);
	assert_memory_equal(&a, &b, sizeof a);

	/* Whatever the output held before. */
	memset(&b, 0xa5, sizeof b);
	synth_person(42, 99999, &b);
	assert_memory_equal(&a, &b, sizeof a);

	/* Another seed or index: another person. */
	synth_person(43, 99999, &b);
	assert_string_not_equal(a.mynumber, b.mynumber);
	synth_person(42, 99998, &b);
	assert_string_not_equal(a.mynumber, b.mynumber);
}

/* Pinned: if this changes, every demo terminal and simulator population changes with it. */
static void
test_pinned(void **state)
{
	struct synth_person	 p;

	(void)state;
	synth_person(42, 0, &p);
	assert_string_equal(p.name, "太田　功");
	assert_string_equal(p.kana, "オオタ　イサオ");
	assert_int_equal(p.sex, 1);
	assert_int_equal(p.birth.y, 1968);
	assert_int_equal(p.birth.m, 11);
	assert_int_equal(p.birth.d, 27);
	assert_int_equal(p.prefecture, 11);
	assert_string_equal(p.municipality, "112038");
	assert_string_equal(p.address1, "埼玉県川口市");
	assert_string_equal(p.address2, "青木２丁目２８番１３号");
	assert_string_equal(p.postal, "3325277");
	assert_string_equal(p.phone, "048-837-6138");
	assert_string_equal(p.mynumber, "795034240127");
	assert_string_equal(p.jumin, "15187930132");
	assert_int_equal(p.has_gaiji, 0);
}

/* Every field of 100,000 people through the validators. */
static void
test_valid(void **state)
{
	iconv_t			 cd = *state;
	struct synth_person	 p;
	struct date		 first = { 1940, 1, 1 }, last = { 2005, 12, 31 }, d;
	char			 buf[16], iso[DATE_ISO_SIZE], *out, *cause = NULL;
	const char		*pname;
	uint64_t		 i;
	size_t			 len, digits, k, males = 0, buildings = 0, mobiles = 0;
	int			 pref, seen_first_year = 0, seen_last_year = 0;
	unsigned		 sum;

	for (i = 0; i < PEOPLE; i++) {
		synth_person(20250401, i, &p);

		assert_int_equal(valid_mynumber(p.mynumber, buf, &cause), 0);
		assert_string_equal(buf, p.mynumber);

		assert_int_equal(valid_municipality(p.municipality, buf, &cause), 0);
		assert_string_equal(buf, p.municipality);
		snprintf(buf, sizeof buf, "%.2s", p.municipality);
		assert_int_equal(valid_prefecture(buf, &pref, &cause), 0);
		assert_int_equal(pref, p.prefecture);
		pname = prefecture_name(p.prefecture);
		assert_non_null(pname);
		assert_memory_equal(p.address1, pname, strlen(pname));
		assert_string_equal(p.address1 + strlen(pname), p.municipality_name);

		assert_int_equal(valid_postal(p.postal, buf, &cause), 0);
		assert_string_equal(buf, p.postal);

		assert_true(date_valid(p.birth.y, p.birth.m, p.birth.d));
		assert_true(date_cmp(&p.birth, &first) >= 0);
		assert_true(date_cmp(&p.birth, &last) <= 0);
		date_format_iso(&p.birth, iso);
		assert_int_equal(valid_date(iso, &d, &cause), 0);
		assert_int_equal(date_cmp(&d, &p.birth), 0);
		seen_first_year |= p.birth.y == 1940;
		seen_last_year |= p.birth.y == 2005;

		/* Kana already in normal form; the full reading is family + space + given. */
		assert_int_equal(valid_kana(p.kana, 0, &out, &cause), 0);
		assert_string_equal(out, p.kana);
		free(out);
		assert_int_equal(valid_kana(p.family_kana, 0, &out, &cause), 0);
		assert_string_equal(out, p.family_kana);
		free(out);
		assert_int_equal(valid_kana(p.given_kana, 0, &out, &cause), 0);
		assert_string_equal(out, p.given_kana);
		free(out);
		assert_null(strchr(p.family_kana, ' '));
		len = strlen(p.family_kana);
		assert_memory_equal(p.kana, p.family_kana, len);
		assert_memory_equal(p.kana + len, "　", 3);
		assert_string_equal(p.kana + len + 3, p.given_kana);
		len = strlen(p.family);
		assert_memory_equal(p.name, p.family, len);
		assert_memory_equal(p.name + len, "　", 3);
		assert_string_equal(p.name + len + 3, p.given);

		assert_int_equal(valid_text(p.name, 20, 0, &cause), 0);
		assert_int_equal(valid_text(p.address1, 0, 0, &cause), 0);
		assert_int_equal(valid_text(p.address2, 0, 0, &cause), 0);
		assert_int_equal(valid_text(p.address3, 0, 0, &cause), 0);
		assert_true(p.family[0] != '\0' && p.given[0] != '\0');
		assert_true(p.address2[0] != '\0');
		buildings += p.address3[0] != '\0';

		assert_true(p.sex == 1 || p.sex == 2);
		males += p.sex == 1;

		/* 090-1234-5678 (11 digits) or a 10-digit number on an area code. */
		assert_int_equal(p.phone[0], '0');
		for (digits = 0, k = 0; p.phone[k] != '\0'; k++) {
			if (p.phone[k] >= '0' && p.phone[k] <= '9')
				digits++;
			else
				assert_int_equal(p.phone[k], '-');
		}
		if (strncmp(p.phone, "090-", 4) == 0 || strncmp(p.phone, "080-", 4) == 0 ||
		    strncmp(p.phone, "070-", 4) == 0) {
			assert_int_equal(digits, 11);
			mobiles++;
		} else
			assert_int_equal(digits, 10);

		assert_true(all_digits(p.jumin, 11));
		for (sum = 0, k = 0; k < 10; k++)
			sum += (unsigned)(p.jumin[k] - '0') * (k % 2 ? 3 : 1);
		assert_int_equal(p.jumin[10] - '0', (10 - sum % 10) % 10);

		/* 外字 exactly where flagged; everything else goes to Juki-net as is. */
		assert_int_equal(!cp932(cd, p.name), p.has_gaiji);
		assert_int_equal(!cp932(cd, p.family), p.has_gaiji);
		assert_true(cp932(cd, p.given));
		assert_true(cp932(cd, p.kana));
		assert_true(cp932(cd, p.address1));
		assert_true(cp932(cd, p.address2));
		assert_true(cp932(cd, p.address3));
	}
	assert_true(seen_first_year && seen_last_year);
	assert_true(males > PEOPLE * 45 / 100 && males < PEOPLE * 55 / 100);
	assert_true(buildings > PEOPLE * 25 / 100 && buildings < PEOPLE * 35 / 100);
	assert_true(mobiles > PEOPLE * 55 / 100 && mobiles < PEOPLE * 65 / 100);
}

/* About 1 %: 1,000 expected in 100,000, standard deviation about 31. */
static void
test_gaiji_fraction(void **state)
{
	struct synth_person	 p;
	uint64_t		 i;
	size_t			 n = 0;

	(void)state;
	for (i = 0; i < PEOPLE; i++) {
		synth_person(7, i, &p);
		n += p.has_gaiji != 0;
	}
	assert_true(n >= 800 && n <= 1200);
}

/*
 * Names: each kanji name always has the same reading, no given name serves both sexes, the
 * tables are wide (at least 100 family names, 100 given names a sex), and a few pairs are
 * the ones everybody knows.
 */
static void
test_names(void **state)
{
	enum { MAX = 512 };
	static struct {
		char	 kanji[32], kana[40];
		int	 sex;
	} seen[3][MAX];
	size_t			 nseen[3] = { 0, 0, 0 }, j;
	struct synth_person	 p;
	uint64_t		 i;
	int			 t, found;
	const char		*k, *r;

	(void)state;
	for (i = 0; i < PEOPLE; i++) {
		synth_person(99, i, &p);
		for (t = 0; t < 3; t++) {
			if (t == 0) {
				k = p.family;
				r = p.family_kana;
			} else {
				k = p.given;
				r = p.given_kana;
			}
			if (t > 0 && t != p.sex)
				continue;
			for (found = 0, j = 0; j < nseen[t]; j++) {
				if (strcmp(seen[t][j].kanji, k) == 0) {
					assert_string_equal(seen[t][j].kana, r);
					found = 1;
					break;
				}
			}
			if (!found) {
				assert_true(nseen[t] < MAX);
				snprintf(seen[t][nseen[t]].kanji, 32, "%s", k);
				snprintf(seen[t][nseen[t]].kana, 40, "%s", r);
				nseen[t]++;
			}
		}
	}
	assert_true(nseen[0] >= 100);
	assert_true(nseen[1] >= 100);
	assert_true(nseen[2] >= 100);
	for (j = 0; j < nseen[1]; j++) {
		for (i = 0; i < nseen[2]; i++)
			assert_string_not_equal(seen[1][j].kanji, seen[2][i].kanji);
	}
	for (t = 0; t < 3; t++) {
		for (j = 0; j < nseen[t]; j++) {
			k = seen[t][j].kanji;
			r = seen[t][j].kana;
			if (strcmp(k, "佐藤") == 0)
				assert_string_equal(r, "サトウ");
			if (strcmp(k, "長谷川") == 0)
				assert_string_equal(r, "ハセガワ");
			if (strcmp(k, "𠮷田") == 0)
				assert_string_equal(r, "ヨシダ");
			if (strcmp(k, "太郎") == 0)
				assert_int_equal(t, 1);
			if (strcmp(k, "花子") == 0)
				assert_int_equal(t, 2);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_pinned),
		cmocka_unit_test_setup_teardown(test_valid, setup, teardown),
		cmocka_unit_test(test_gaiji_fraction),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
