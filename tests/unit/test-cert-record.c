/*
 * Signed certificate records: what is signed verifies and decodes to the same items; any
 * changed byte, another office's key, or a malformed record is refused with a message.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cert/cert-record.h"
#include "cert/cert-sign.h"

static const struct cert_record sample = {
	"OFFICE-13", "BH-000123", "building-hygiene", "山田 花子", "1990-04-01",
	"2020-05-01", "2025-03-03", 1
};

static EVP_PKEY *
new_key(void)
{
	EVP_PKEY	*k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	assert_non_null(k);
	return k;
}

/* cause by address: read after the call, whatever the order of argument evaluation. */
static void
refused(int rc, char **cause, const char *part)
{
	assert_int_equal(rc, -1);
	assert_non_null(*cause);
	if (strstr(*cause, part) == NULL)
		fail_msg("'%s' does not say '%s'", *cause, part);
	free(*cause);
	*cause = NULL;
}

static void
test_round_trip(void **state)
{
	struct cert_record	 out;
	EVP_PKEY		*k = new_key();
	char			*text = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(cert_record_sign(&sample, &(struct cert_signer){ cert_sign_with_key, k, { 0 } },
	    &text, &cause), 0);
	assert_true(strncmp(text, "MDG1.", 5) == 0);
	assert_int_equal(cert_record_verify(text, k, &out, &cause), 0);
	assert_memory_equal(&out, &sample, sizeof out);
	free(text);
	EVP_PKEY_free(k);
}

/*
 * Every single byte changed, one at a time and to several other characters, is refused
 * (the last character of each part also holds unused bits: those count too).
 */
static void
test_every_byte_matters(void **state)
{
	struct cert_record	 out;
	EVP_PKEY		*k = new_key();
	char			*text = NULL, *cause = NULL;
	static const char	 alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789-_.";
	const char		*c;
	size_t			 i, len;
	char			 was;

	(void)state;
	assert_int_equal(cert_record_sign(&sample, &(struct cert_signer){ cert_sign_with_key, k, { 0 } },
	    &text, &cause), 0);
	len = strlen(text);
	for (i = 0; i < len; i++) {
		was = text[i];
		for (c = alphabet; *c != '\0'; c++) {
			if (*c == was)
				continue;
			text[i] = *c;
			if (cert_record_verify(text, k, &out, &cause) == 0)
				fail_msg("byte %zu changed to %c and still verified", i, *c);
			free(cause);
			cause = NULL;
		}
		text[i] = was;
	}
	text[len - 1] = '\0';
	refused(cert_record_verify(text, k, &out, &cause), &cause, "");
	free(text);
	EVP_PKEY_free(k);
}

static void
test_other_office(void **state)
{
	struct cert_record	 out;
	EVP_PKEY		*k = new_key(), *other = new_key();
	char			*text = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(cert_record_sign(&sample, &(struct cert_signer){ cert_sign_with_key, k, { 0 } },
	    &text, &cause), 0);
	refused(cert_record_verify(text, other, &out, &cause), &cause, "signature");
	assert_string_equal(out.name, "");
	free(text);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}

static void
test_malformed(void **state)
{
	struct cert_record	 out;
	EVP_PKEY		*k = new_key();
	char			*cause = NULL;

	(void)state;
	refused(cert_record_verify("", k, &out, &cause), &cause, "MDG1");
	refused(cert_record_verify("MDG2.AAAA.AAAA", k, &out, &cause), &cause, "MDG1");
	refused(cert_record_verify("MDG1.AAAA", k, &out, &cause), &cause, "three parts");
	refused(cert_record_verify("MDG1.AA.AA.AA", k, &out, &cause), &cause, "three parts");
	refused(cert_record_verify("MDG1.A*AA.AAAA", k, &out, &cause), &cause, "damaged");
	refused(cert_record_verify("MDG1.AAAA.AAAA", k, &out, &cause), &cause, "damaged");
	refused(cert_record_decode("a|b|c", &out, &cause), &cause, "3 fields");
	refused(cert_record_decode("O|C|q|n|1990-04-01|2020-05-01||0|x", &out, &cause),
	    &cause, "fields");
	refused(cert_record_decode("O|C|q|n|1990-02-30|2020-05-01||0", &out, &cause), &cause,
	    "birth date");
	refused(cert_record_decode("O|C|q|n|1990-04-01|2020-05-01||01", &out, &cause), &cause,
	    "count");
	refused(cert_record_decode("O|C|q|n|1990-04-01|2020-05-01|2021-01-01|0", &out,
	    &cause), &cause, "disagree");
	assert_int_equal(cert_record_decode("O|C|q|n|1990-04-01|2020-05-01||0", &out,
	    &cause), 0);
	EVP_PKEY_free(k);
}

static void
test_encode_refuses(void **state)
{
	struct cert_record	 r = sample;
	char			*out = NULL, *cause = NULL;

	(void)state;
	snprintf(r.name, sizeof r.name, "山田|花子");
	refused(cert_record_encode(&r, &out, &cause), &cause, "name");
	r = sample;
	snprintf(r.name, sizeof r.name, "山田\x1b[2J");
	refused(cert_record_encode(&r, &out, &cause), &cause, "name");
	r = sample;
	r.office[0] = '\0';
	refused(cert_record_encode(&r, &out, &cause), &cause, "office");
	assert_null(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_byte_matters),
		cmocka_unit_test(test_other_office),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_encode_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
