/* Record ids (see uuid_generate). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "uuid.h"

/*
 * Time-ordered (version 7, RFC 9562) UUIDs: record ids that terminals create without
 * asking anyone. The first 48 bits are the Unix time in milliseconds and the next 12 a
 * counter within the millisecond, so ids made one after another sort one after another:
 * a new row goes to the end of each index on ids instead of a random page (storing
 * 100,000 Juki answers read and decrypted index pages over and over with random ids).
 * The last 62 bits are random: two terminals never make the same id.
 */
int
uuid_generate(char out[UUID_STRLEN + 1])
{
	static uint64_t	 last_ms;
	static unsigned	 counter;
	struct timespec	 ts;
	uint64_t	 ms;
	uint8_t		 b[16];

	if (RAND_bytes(b + 8, 8) != 1 || clock_gettime(CLOCK_REALTIME, &ts) != 0)
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
	b[0] = (uint8_t)(last_ms >> 40);
	b[1] = (uint8_t)(last_ms >> 32);
	b[2] = (uint8_t)(last_ms >> 24);
	b[3] = (uint8_t)(last_ms >> 16);
	b[4] = (uint8_t)(last_ms >> 8);
	b[5] = (uint8_t)last_ms;
	b[6] = (uint8_t)(0x70 | (counter >> 8));
	b[7] = (uint8_t)counter;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, UUID_STRLEN + 1,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	    b[13], b[14], b[15]);
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
