/*
 * libFuzzer target for the result-file parser (juki_result_parse).
 *
 *	make fuzz-juki
 *	tests/fuzz/fuzz-juki-result -max_total_time=600 tests/fuzz/corpus-juki
 *
 * Each input is parsed as it is, and then, when it is whole records long, once more with
 * its counts and SHA-256 put right: random bytes almost never carry a valid checksum, and
 * without the second pass the fuzzer would never get past the trailer into the records.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "charconv.h"
#include "juki.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint64_t requests[] = { 1, 2, 3, 101, 102, 103, 555, 5010, 5011, 5012 };

static void
fix_up(uint8_t *buf, size_t len)
{
	const size_t	 L = JUKI_RES_RECLEN;
	unsigned char	 md[32];
	char		 tmp[16];
	size_t		 n = len / L - 2, i;

	snprintf(tmp, sizeof tmp, "%08zu", n % 100000000);
	memcpy(buf + juki_header_fields[JH_COUNT].off, tmp, 8);
	memcpy(buf + len - L + juki_trailer_fields[JT_COUNT].off, tmp, 8);
	EVP_Digest(buf + L, n * L, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++) {
		snprintf(tmp, sizeof tmp, "%02x", md[i]);
		memcpy(buf + len - L + juki_trailer_fields[JT_SHA256].off + 2 * i, tmp, 2);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct charconv		*cc;
	struct juki_expect		 ex = {
		.terminal_id = "T-TEST-01",
		.requests = requests,
		.nrequests = sizeof requests / sizeof requests[0],
	};
	struct juki_result_file		*f = NULL;
	uint8_t				*copy;
	char				*cause = NULL;

	if (cc == NULL && (cc = charconv_open(&cause)) == NULL)
		abort();
	if (juki_result_parse(cc, data, size, &ex, &f, &cause) == 0) {
		if (f == NULL || f->nanswers == 0)
			abort();
		juki_result_free(f);
	} else if (f != NULL || cause == NULL)
		abort();
	free(cause);

	if (size < 2 * JUKI_RES_RECLEN || size % JUKI_RES_RECLEN != 0)
		return 0;
	/* An exact-size copy, so that ASan catches a read past the end. */
	copy = malloc(size);
	memcpy(copy, data, size);
	fix_up(copy, size);
	f = NULL;
	cause = NULL;
	if (juki_result_parse(cc, copy, size, &ex, &f, &cause) == 0) {
		if (f == NULL || f->nanswers == 0)
			abort();
		juki_result_free(f);
	} else if (f != NULL || cause == NULL)
		abort();
	free(cause);
	free(copy);
	return 0;
}
