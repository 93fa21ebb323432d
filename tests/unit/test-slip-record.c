/*
 * Signed receipt slip records (受付票, issue 24): what is signed verifies and decodes to
 * the same items; any changed byte, another office's key, a malformed record, and a
 * certificate's record taken for a slip's (or the other way round) are refused.
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

#include <openssl/evp.h>

#include "cert/cert-record.h"
#include "cert/cert-sign.h"
#include "cert/slip-record.h"

static const struct slip_record sample = {
	"OFFICE-13", "T-TEST-01", "R2026-0001234", "reissue", "2026-04-01"
};

static const struct cert_record cert_sample = {
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

static char *
signed_text(const struct slip_record *r, EVP_PKEY *k)
{
	struct cert_signer	 signer = { cert_sign_with_key, NULL, { 0 } };
	char			*text = NULL, *cause = NULL;

	signer.arg = k;
	if (slip_record_sign(r, &signer, &text, &cause) != 0)
		fail_msg("not signed: %s", cause);
	return text;
}

static void
test_round_trip(void **state)
{
	struct slip_record	 out;
	EVP_PKEY		*k = new_key();
	char			*text, *payload = NULL, *cause = NULL;

	(void)state;
	text = signed_text(&sample, k);
	assert_true(strncmp(text, "MDS1.", 5) == 0);
	assert_int_equal(slip_record_verify(text, k, &out, &cause), 0);
	assert_memory_equal(&out, &sample, sizeof out);
	/* No personal data: the payload is the five fields and nothing else. */
	assert_int_equal(slip_record_encode(&sample, &payload, &cause), 0);
	assert_string_equal(payload, "OFFICE-13|T-TEST-01|R2026-0001234|reissue|2026-04-01");
	free(payload);
	free(text);
	EVP_PKEY_free(k);
}

static void
test_every_byte_matters(void **state)
{
	struct slip_record	 out;
	EVP_PKEY		*k = new_key();
	char			*text, *cause = NULL;
	static const char	 alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789-_.";
	const char		*c;
	size_t			 i, len;
	char			 was;

	(void)state;
	text = signed_text(&sample, k);
	len = strlen(text);
	for (i = 0; i < len; i++) {
		was = text[i];
		for (c = alphabet; *c != '\0'; c++) {
			if (*c == was)
				continue;
			text[i] = *c;
			if (slip_record_verify(text, k, &out, &cause) == 0)
				fail_msg("byte %zu changed to %c and still verified", i, *c);
			free(cause);
			cause = NULL;
		}
		text[i] = was;
	}
	text[len - 1] = '\0';
	refused(slip_record_verify(text, k, &out, &cause), &cause, "");
	free(text);
	EVP_PKEY_free(k);
}

static void
test_other_office(void **state)
{
	struct slip_record	 out;
	EVP_PKEY		*k = new_key(), *other = new_key();
	char			*text, *cause = NULL;

	(void)state;
	text = signed_text(&sample, k);
	refused(slip_record_verify(text, other, &out, &cause), &cause, "signature");
	assert_string_equal(out.number, "");
	free(text);
	EVP_PKEY_free(k);
	EVP_PKEY_free(other);
}

/*
 * A slip's record is never a certificate's, nor the other way round: by its prefix, and
 * when the prefix is swapped, by the signature that covers it.
 */
static void
test_types_apart(void **state)
{
	struct slip_record	 slip;
	struct cert_record	 cert;
	struct cert_signer	 signer = { cert_sign_with_key, NULL, { 0 } };
	EVP_PKEY		*k = new_key();
	char			*stext, *ctext = NULL, *cause = NULL;

	(void)state;
	signer.arg = k;
	stext = signed_text(&sample, k);
	assert_int_equal(cert_record_sign(&cert_sample, &signer, &ctext, &cause), 0);
	refused(slip_record_verify(ctext, k, &slip, &cause), &cause, "certificate");
	refused(cert_record_verify(stext, k, &cert, &cause), &cause, "MDG1");
	/* Relabelled: the signature covers the prefix. */
	memcpy(stext, "MDG1", 4);
	refused(cert_record_verify(stext, k, &cert, &cause), &cause, "signature");
	memcpy(ctext, "MDS1", 4);
	refused(slip_record_verify(ctext, k, &slip, &cause), &cause, "signature");
	free(stext);
	free(ctext);
	EVP_PKEY_free(k);
}

static void
test_malformed(void **state)
{
	struct slip_record	 out;
	EVP_PKEY		*k = new_key();
	char			*cause = NULL;

	(void)state;
	refused(slip_record_verify("", k, &out, &cause), &cause, "MDS1");
	refused(slip_record_verify("MDS2.AAAA.AAAA", k, &out, &cause), &cause, "MDS1");
	refused(slip_record_verify("mds1.AAAA.AAAA", k, &out, &cause), &cause, "MDS1");
	refused(slip_record_verify("MDS1.AAAA", k, &out, &cause), &cause, "three parts");
	refused(slip_record_verify("MDS1.AA.AA.AA", k, &out, &cause), &cause, "three parts");
	refused(slip_record_verify("MDS1.A*AA.AAAA", k, &out, &cause), &cause, "damaged");
	refused(slip_record_verify("MDS1.AAAA.AAAA", k, &out, &cause), &cause, "damaged");
	refused(slip_record_verify("MDS1..", k, &out, &cause), &cause, "damaged");
	refused(slip_record_decode("a|b|c", &out, &cause), &cause, "3 fields");
	refused(slip_record_decode("O|T|R2026-0001234|reissue|2026-04-01|x", &out, &cause),
	    &cause, "fields");
	refused(slip_record_decode("O|T|R2026-1234|reissue|2026-04-01", &out, &cause),
	    &cause, "reception number");
	refused(slip_record_decode("O|T|X2026-0001234|reissue|2026-04-01", &out, &cause),
	    &cause, "reception number");
	refused(slip_record_decode("O|T|R2026-0001234|renewal|2026-04-01", &out, &cause),
	    &cause, "kind");
	refused(slip_record_decode("O|T|R2026-0001234|reissue|2026-02-30", &out, &cause),
	    &cause, "date");
	refused(slip_record_decode("O|T|R2026-0001234|reissue|2026-4-01", &out, &cause),
	    &cause, "date");
	refused(slip_record_decode("|T|R2026-0001234|reissue|2026-04-01", &out, &cause),
	    &cause, "office");
	refused(slip_record_decode("O||R2026-0001234|reissue|2026-04-01", &out, &cause),
	    &cause, "terminal");
	assert_string_equal(out.number, "");
	assert_int_equal(slip_record_decode("O|T|R2026-0001234|reissue|2026-04-01", &out,
	    &cause), 0);
	assert_string_equal(out.number, "R2026-0001234");
	EVP_PKEY_free(k);
}

static void
test_encode_refuses(void **state)
{
	struct slip_record	 r = sample;
	char			*out = NULL, *cause = NULL;

	(void)state;
	snprintf(r.terminal, sizeof r.terminal, "T|1");
	refused(slip_record_encode(&r, &out, &cause), &cause, "terminal");
	r = sample;
	snprintf(r.office, sizeof r.office, "O\x1b[2J");
	refused(slip_record_encode(&r, &out, &cause), &cause, "office");
	r = sample;
	r.number[0] = '\0';
	refused(slip_record_encode(&r, &out, &cause), &cause, "reception number");
	assert_null(out);
	assert_string_equal(slip_kind_ja("registration"), "登録");
	assert_string_equal(slip_kind_ja("correction"), "訂正");
	assert_string_equal(slip_kind_ja("deletion"), "消除");
	assert_string_equal(slip_kind_ja("reissue"), "再交付");
	assert_null(slip_kind_ja("other"));
	assert_string_equal(slip_channel_ja("counter"), "窓口");
	assert_string_equal(slip_channel_ja("mail"), "郵送");
	assert_null(slip_channel_ja(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_byte_matters),
		cmocka_unit_test(test_other_office),
		cmocka_unit_test(test_types_apart),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_encode_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
