/*
 * The My Number card's files as the terminal parses them (app/card/card-parse.c) and what
 * a read puts into the forms (app/card/card-values.c): good files in the layout of
 * docs/mynumber-card.md, then every malformed one the card could send (wrong tags, lengths
 * that run past the data or the file, missing and extra items, texts that are not UTF-8,
 * hold controls or are too long, days that are not days, unknown codes, a failing check
 * digit), each refused with nothing kept.
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

#include "card/card-parse.h"
#include "card/card-values.h"
#include "valid.h"
#include "xmalloc.h"

/* Bytes being built: a file's element, or an item inside one. */
struct bytes {
	uint8_t	 b[8192];
	size_t	 n;
};

static void
put(struct bytes *o, const void *p, size_t n)
{
	assert_true(o->n + n <= sizeof o->b);
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

/* A two-byte tag, a BER length in the shortest form, and the value. */
static void
tlv(struct bytes *o, uint8_t t1, uint8_t t2, const void *v, size_t n)
{
	uint8_t	 h[5] = { t1, t2 };
	size_t	 hl;

	if (n < 0x80) {
		h[2] = (uint8_t)n;
		hl = 3;
	} else if (n < 0x100) {
		h[2] = 0x81;
		h[3] = (uint8_t)n;
		hl = 4;
	} else {
		h[2] = 0x82;
		h[3] = (uint8_t)(n >> 8);
		h[4] = (uint8_t)n;
		hl = 5;
	}
	put(o, h, hl);
	put(o, v, n);
}

/* A valid My Number: eleven digits and their check digit. */
static void
good_mynumber(char out[MYNUMBER_LEN + 1])
{
	memcpy(out, "12345678901", 11);
	out[11] = (char)('0' + mynumber_check_digit(out));
	out[12] = '\0';
}

static void
mynumber_file(struct bytes *o, const char *digits)
{
	memset(o, 0, sizeof *o);
	tlv(o, 0xff, 0x10, digits, strlen(digits));
}

/* The four items' file from its parts; NULL leaves an item out. */
static void
four_file(struct bytes *o, const char *name, const char *address, const char *birth,
    const char *sex)
{
	struct bytes	 in;

	memset(&in, 0, sizeof in);
	tlv(&in, 0xdf, 0x21, "\0\0\0\0\0\0\0\0", 8);
	if (name != NULL)
		tlv(&in, 0xdf, 0x22, name, strlen(name));
	if (address != NULL)
		tlv(&in, 0xdf, 0x23, address, strlen(address));
	if (birth != NULL)
		tlv(&in, 0xdf, 0x24, birth, strlen(birth));
	if (sex != NULL)
		tlv(&in, 0xdf, 0x25, sex, strlen(sex));
	memset(o, 0, sizeof *o);
	tlv(o, 0xff, 0x20, in.b, in.n);
}

static void
refuse_four(const struct bytes *o, const char *why)
{
	struct card_four	 f;
	char			*cause = NULL;

	assert_int_equal(card_parse_four(o->b, o->n, &f, &cause), -1);
	assert_non_null(cause);
	if (why != NULL && strstr(cause, why) == NULL)
		fail_msg("cause \"%s\" does not say \"%s\"", cause, why);
	assert_null(f.name);
	assert_null(f.address);
	free(cause);
}

static void
test_mynumber_good(void **state)
{
	struct bytes	 o;
	char		 n[MYNUMBER_LEN + 1], out[MYNUMBER_LEN + 1], *cause = NULL;
	uint8_t		 pad[] = { 0xff, 0xff };

	(void)state;
	good_mynumber(n);
	mynumber_file(&o, n);
	assert_int_equal(card_element_size(o.b, o.n), 15);
	put(&o, pad, sizeof pad);	/* fixed-size file: padding after the element */
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), 0);
	assert_string_equal(out, n);
}

static void
test_mynumber_bad(void **state)
{
	struct bytes	 o;
	char		 n[MYNUMBER_LEN + 1], out[MYNUMBER_LEN + 1], *cause = NULL;

	(void)state;
	good_mynumber(n);
	/* The length byte says 13 but 12 digits follow. */
	mynumber_file(&o, n);
	o.b[2] = 0x0d;
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), -1);
	assert_non_null(strstr(cause, "cut short"));
	free(cause);
	/* Eleven digits. */
	mynumber_file(&o, "12345678901");
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), -1);
	free(cause);
	/* A letter. */
	n[3] = 'A';
	mynumber_file(&o, n);
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), -1);
	assert_non_null(strstr(cause, "digits"));
	free(cause);
	/* The check digit fails. */
	good_mynumber(n);
	n[11] = n[11] == '9' ? '0' : (char)(n[11] + 1);
	mynumber_file(&o, n);
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), -1);
	assert_non_null(strstr(cause, "check digit"));
	free(cause);
	/* Another file's tag, nothing, a header alone, indefinite and over-long lengths. */
	good_mynumber(n);
	mynumber_file(&o, n);
	o.b[1] = 0x20;
	assert_int_equal(card_parse_mynumber(o.b, o.n, out, &cause), -1);
	free(cause);
	assert_int_equal(card_parse_mynumber(o.b, 0, out, &cause), -1);
	free(cause);
	assert_int_equal(card_parse_mynumber((const uint8_t *)"\xff\x10", 2, out, &cause), -1);
	free(cause);
	assert_int_equal(card_parse_mynumber((const uint8_t *)"\xff\x10\x80", 3, out, &cause),
	    -1);
	free(cause);
	assert_int_equal(card_element_size((const uint8_t *)"\xff\x10\x83\x00\x00\x0c", 6), 0);
	assert_int_equal(card_element_size((const uint8_t *)"\xff\x10\x82\x10\x00", 5), 0);
	assert_int_equal(card_element_size((const uint8_t *)"\xdf\x10\x0c", 3), 0);
	assert_int_equal(card_element_size((const uint8_t *)"\xff\x20\x81\x90", 4), 4 + 0x90);
}

static void
test_four_good(void **state)
{
	struct bytes		 o;
	struct card_four	 f;
	char			*cause = NULL, name[400];
	size_t			 i;

	(void)state;
	four_file(&o, "山田\u3000太郎", "東京都千代田区霞が関二丁目1番2号", "19800401", "1");
	assert_int_equal(card_parse_four(o.b, o.n, &f, &cause), 0);
	assert_string_equal(f.name, "山田\u3000太郎");
	assert_string_equal(f.address, "東京都千代田区霞が関二丁目1番2号");
	assert_string_equal(f.birth, "19800401");
	assert_int_equal(f.sex, '1');
	card_four_free(&f);
	/* A long address takes the 81 nn form of the outer length: 100 kanji, 300 bytes. */
	name[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(name, "番");
	four_file(&o, "佐藤 花子", name, "20000229", "2");
	assert_int_equal(o.b[2], 0x82);
	assert_int_equal(card_parse_four(o.b, o.n, &f, &cause), 0);
	assert_int_equal(f.sex, '2');
	card_four_free(&f);
}

static void
test_four_bad(void **state)
{
	struct bytes	 o;
	char		 longname[400];
	size_t		 i;

	(void)state;
	four_file(&o, "山田 太郎", "東京都", "19800401", NULL);
	refuse_four(&o, "sex");
	four_file(&o, NULL, "東京都", "19800401", "1");
	refuse_four(&o, "name");
	four_file(&o, "山田 太郎", "東京都", "19800431", "1");
	refuse_four(&o, "calendar");
	four_file(&o, "山田 太郎", "東京都", "1980040A", "1");
	refuse_four(&o, "calendar");
	four_file(&o, "山田 太郎", "東京都", "1980041", "1");
	refuse_four(&o, "birth");
	four_file(&o, "山田 太郎", "東京都", "19800401", "4");
	refuse_four(&o, "1, 2 or 3");
	four_file(&o, "山田 太郎", "東京都", "19800401", "12");
	refuse_four(&o, "sex");
	four_file(&o, "山田\xff太郎", "東京都", "19800401", "1");
	refuse_four(&o, "UTF-8");
	four_file(&o, "山田\x1b[2J", "東京都", "19800401", "1");
	refuse_four(&o, "control");
	four_file(&o, "", "東京都", "19800401", "1");
	refuse_four(&o, "empty");
	/* 101 characters: one more than a name may have. */
	longname[0] = '\0';
	for (i = 0; i < 101; i++)
		strcat(longname, "名");
	four_file(&o, longname, "東京都", "19800401", "1");
	refuse_four(&o, "too long");
	/* The name and the address swapped. */
	four_file(&o, "山田 太郎", "東京都", "19800401", "1");
	o.b[3 + 10 + 1] = 0x23;
	refuse_four(&o, "name");
	/* An item that runs past the end of the outer element. */
	four_file(&o, "山田 太郎", "東京都", "19800401", "1");
	o.b[o.n - 2] = 0x05;
	refuse_four(&o, "past the end");
	/* The whole file cut short. */
	four_file(&o, "山田 太郎", "東京都", "19800401", "1");
	o.n -= 4;
	refuse_four(&o, "cut short");
}

/* A file followed by an item the layout does not have is refused. */
static void
test_four_extra(void **state)
{
	struct bytes	 in, o;

	(void)state;
	memset(&in, 0, sizeof in);
	tlv(&in, 0xdf, 0x21, "\0\0\0\0\0\0\0\0", 8);
	tlv(&in, 0xdf, 0x22, "山田 太郎", strlen("山田 太郎"));
	tlv(&in, 0xdf, 0x23, "東京都", strlen("東京都"));
	tlv(&in, 0xdf, 0x24, "19800401", 8);
	tlv(&in, 0xdf, 0x25, "1", 1);
	tlv(&in, 0xdf, 0x26, "x", 1);
	memset(&o, 0, sizeof o);
	tlv(&o, 0xff, 0x20, in.b, in.n);
	refuse_four(&o, "does not have");
}

static void
signature_file(struct bytes *o, size_t h1, size_t h2, size_t sig)
{
	struct bytes	 in;
	uint8_t		 z[300];

	memset(z, 0xab, sizeof z);
	memset(&in, 0, sizeof in);
	tlv(&in, 0xdf, 0x31, z, h1);
	tlv(&in, 0xdf, 0x32, z, h2);
	tlv(&in, 0xdf, 0x33, z, sig);
	memset(o, 0, sizeof *o);
	tlv(o, 0xff, 0x30, in.b, in.n);
}

static void
test_signature(void **state)
{
	struct bytes	 o;
	uint8_t		 a[CARD_HASH_LEN], b[CARD_HASH_LEN];
	char		*cause = NULL;

	(void)state;
	signature_file(&o, 32, 32, 256);
	assert_int_equal(card_parse_signature(o.b, o.n, a, b, &cause), 0);
	assert_int_equal(a[0], 0xab);
	signature_file(&o, 31, 32, 256);
	assert_int_equal(card_parse_signature(o.b, o.n, a, b, &cause), -1);
	free(cause);
	signature_file(&o, 32, 33, 256);
	assert_int_equal(card_parse_signature(o.b, o.n, a, b, &cause), -1);
	free(cause);
	signature_file(&o, 32, 32, 255);
	assert_int_equal(card_parse_signature(o.b, o.n, a, b, &cause), -1);
	free(cause);
	signature_file(&o, 32, 32, 256);
	assert_int_equal(card_parse_signature(o.b, o.n - 1, a, b, &cause), -1);
	free(cause);
}

static struct card_data
card_of(const char *name, const char *address, char sex)
{
	struct card_data	 d;

	memset(&d, 0, sizeof d);
	good_mynumber(d.mynumber);
	d.four.name = xstrdup(name);
	d.four.address = xstrdup(address);
	memcpy(d.four.birth, "19800401", 9);
	d.four.sex = sex;
	return d;
}

static void
test_values(void **state)
{
	struct card_data	 d;
	struct reg_value	*v;
	size_t			 n, i;
	char			 addr[400], part[200];

	(void)state;
	d = card_of("山田\u3000太郎", "東京都千代田区", '1');
	assert_int_equal(card_values(&d, 1, &v, &n, NULL), 0);
	assert_string_equal(reg_values_get(v, n, "family_name"), "山田");
	assert_string_equal(reg_values_get(v, n, "given_name"), "太郎");
	assert_string_equal(reg_values_get(v, n, "address1"), "東京都千代田区");
	assert_string_equal(reg_values_get(v, n, "address2"), "");
	assert_string_equal(reg_values_get(v, n, "birth_date"), "1980-04-01");
	assert_string_equal(reg_values_get(v, n, "sex"), "1");
	assert_string_equal(reg_values_get(v, n, "mynumber"), d.mynumber);
	reg_values_free(v, n);
	card_data_free(&d);

	/* An ASCII space, spaces repeated; sex 3 is "not stated"; no My Number when not allowed. */
	d = card_of("Smith  John", "x", '3');
	assert_int_equal(card_values(&d, 0, &v, &n, NULL), 0);
	assert_string_equal(reg_values_get(v, n, "family_name"), "Smith");
	assert_string_equal(reg_values_get(v, n, "given_name"), "John");
	assert_string_equal(reg_values_get(v, n, "sex"), "9");
	assert_null(reg_values_get(v, n, "mynumber"));
	reg_values_free(v, n);
	card_data_free(&d);

	/* One word: all of it the family name. A 130-character address: 60, 60 and 10. */
	addr[0] = '\0';
	for (i = 0; i < 130; i++)
		strcat(addr, i < 60 ? "一" : i < 120 ? "二" : "三");
	d = card_of("山田", addr, '2');
	assert_int_equal(card_values(&d, 1, &v, &n, NULL), 0);
	assert_string_equal(reg_values_get(v, n, "family_name"), "山田");
	assert_string_equal(reg_values_get(v, n, "given_name"), "");
	part[0] = '\0';
	for (i = 0; i < 60; i++)
		strcat(part, "一");
	assert_string_equal(reg_values_get(v, n, "address1"), part);
	part[0] = '\0';
	for (i = 0; i < 10; i++)
		strcat(part, "三");
	assert_string_equal(reg_values_get(v, n, "address3"), part);
	reg_values_free(v, n);
	card_data_free(&d);

	/* 51 characters with no space: more than the family name takes; nothing is cut. */
	addr[0] = '\0';
	for (i = 0; i < 51; i++)
		strcat(addr, "名");
	d = card_of(addr, "x", '1');
	{
		char	*cause = NULL;

		assert_int_equal(card_values(&d, 1, &v, &n, &cause), -1);
		assert_null(v);
		assert_non_null(strstr(cause, "at most 50"));
		free(cause);
	}
	card_data_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mynumber_good),
		cmocka_unit_test(test_mynumber_bad),
		cmocka_unit_test(test_four_good),
		cmocka_unit_test(test_four_bad),
		cmocka_unit_test(test_four_extra),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
