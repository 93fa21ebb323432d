/* The wire form of a sync batch: header line, newline, body (docs/sync.md). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "sync/sync-batch.h"
#include "sync/sync-store.h"
#include "json-string.h"
#include "xmalloc.h"

int
sync_sha256_hex(const void *data, size_t len, char out[SYNC_SHA256_HEX])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
		out[0] = '\0';
		return -1;
	}
	for (i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[2 * mdlen] = '\0';
	return 0;
}

/*
 * kind is "changes" (format 2: one tab-separated line per change) or "audit" (format 1: a
 * JSON array); now is the terminal's clock, which the store checks.
 */
char *
sync_batch_text(const char *kind, const char *terminal, const struct sync_batch *b,
    time_t now)
{
	char		 sha[SYNC_SHA256_HEX], when[32];
	char		*term, *text;
	struct tm	 tm;
	int		 format = strcmp(kind, "changes") == 0 ? 2 : 1;

	if (b->body == NULL || b->count <= 0)
		return NULL;
	if (sync_sha256_hex(b->body, strlen(b->body), sha) != 0)
		return NULL;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	term = json_string(terminal);
	xasprintf(&text, "{\"format\":%d,\"kind\":\"%s\",\"terminal\":%s,\"count\":%d,"
	    "\"first\":%lld,\"last\":%lld,\"sent_at\":\"%s\",\"sha256\":\"%s\"}\n%s", format,
	    kind, term, b->count, (long long)b->first, (long long)b->last, when, sha, b->body);
	free(term);
	return text;
}
