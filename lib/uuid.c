/*
 * Record ids: time-ordered (version 7, RFC 9562) UUIDs that terminals create without
 * asking anyone. The first 48 bits are the Unix time in milliseconds and the next 12 a
 * counter within the millisecond, so ids made one after another sort one after another:
 * a new row goes to the end of each index on ids instead of a random page (storing
 * 100,000 Juki answers read and decrypted index pages over and over with random ids).
 * The last 62 bits are random: two terminals never make the same id.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "uuid.h"

/* Ids whose random bits uuid_generate_n asks for at once (4 KiB of randomness). */
#define RAND_CHUNK	512

static int	next_stamp(uint64_t *, unsigned *);
static void	format_id(char [UUID_STRLEN + 1], uint64_t, unsigned, const uint8_t [8]);
static void	format_bytes(char [UUID_STRLEN + 1], const uint8_t [16]);

/* The time and counter of the next id: after those of every id made before. */
static int
next_stamp(uint64_t *ms_out, unsigned *counter_out)
{
	static uint64_t	 last_ms;
	static unsigned	 counter;
	struct timespec	 ts;
	uint64_t	 ms;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return -1;
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	if (ms > last_ms) {
		last_ms = ms;
		counter = 0;
	} else if (++counter > 0xfff) {
		/* 4,096 ids in one millisecond: borrow the next one, keep the order. */
		last_ms++;
		counter = 0;
	}
	*ms_out = last_ms;
	*counter_out = counter;
	return 0;
}

/* By hand rather than snprintf: a file of answers needs 100,000 of these. */
static void
format_id(char out[UUID_STRLEN + 1], uint64_t ms, unsigned counter, const uint8_t rnd[8])
{
	uint8_t			 b[16];

	b[0] = (uint8_t)(ms >> 40);
	b[1] = (uint8_t)(ms >> 32);
	b[2] = (uint8_t)(ms >> 24);
	b[3] = (uint8_t)(ms >> 16);
	b[4] = (uint8_t)(ms >> 8);
	b[5] = (uint8_t)ms;
	b[6] = (uint8_t)(0x70 | (counter >> 8));
	b[7] = (uint8_t)counter;
	memcpy(b + 8, rnd, 8);
	b[8] = (b[8] & 0x3f) | 0x80;
	format_bytes(out, b);
}

static void
format_bytes(char out[UUID_STRLEN + 1], const uint8_t b[16])
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;
	char			*p = out;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0x0f];
	}
	*p = '\0';
}

int
uuid_generate(char out[UUID_STRLEN + 1])
{
	return uuid_generate_n((char (*)[UUID_STRLEN + 1])out, 1);
}

/*
 * The random part of many ids from one RAND_bytes call per RAND_CHUNK ids: OpenSSL checks
 * the process id (fork safety) and locks its generator on every call, which was a tenth
 * of the time of storing a result file when every id asked on its own.
 */
int
uuid_generate_n(char (*out)[UUID_STRLEN + 1], size_t n)
{
	uint8_t		 rnd[RAND_CHUNK][8];
	uint64_t	 ms;
	unsigned	 counter;
	size_t		 i, k, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < RAND_CHUNK ? n - i : RAND_CHUNK;
		if (RAND_bytes(&rnd[0][0], (int)(chunk * 8)) != 1)
			return -1;
		for (k = 0; k < chunk; k++) {
			if (next_stamp(&ms, &counter) != 0)
				return -1;
			format_id(out[i + k], ms, counter, rnd[k]);
		}
	}
	return 0;
}

/*
 * The id of a name in a name space: the first 128 bits of SHA-256 over the space, a NUL
 * and the name, marked as a version 8 (custom, RFC 9562) UUID. Every terminal computes
 * the same id for the same name, so that two terminals' records of one name are one
 * record to the central store (an account: one user name, one account, office-wide).
 */
int
uuid_from_name(const char *space, const char *name, char out[UUID_STRLEN + 1])
{
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned	 len;
	EVP_MD_CTX	*ctx;
	int		 ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, space, strlen(space) + 1) == 1 &&
	    EVP_DigestUpdate(ctx, name, strlen(name)) == 1 &&
	    EVP_DigestFinal_ex(ctx, md, &len) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	md[6] = (md[6] & 0x0f) | 0x80;
	md[8] = (md[8] & 0x3f) | 0x80;
	format_bytes(out, md);
	return 0;
}

int
uuid_valid(const char *s)
{
	size_t	 i;

	if (strlen(s) != UUID_STRLEN)
		return 0;
	for (i = 0; i < UUID_STRLEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}
