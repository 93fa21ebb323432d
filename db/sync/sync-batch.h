/*
 * The batch as it goes on the wire (docs/sync.md): one header line of JSON, a newline,
 * and the body: for changes one line per change, its fields separated by tabs, the
 * payload JSON last; for audit entries a JSON array. The header names the kind, the terminal, the row count and
 * range, the sending time and the SHA-256 of the body's bytes, which the central store
 * checks before it parses anything.
 */
#ifndef SYNC_BATCH_H
#define SYNC_BATCH_H

#include <stddef.h>
#include <time.h>

struct sync_batch;

#define SYNC_SHA256_HEX	65

int	 sync_sha256_hex(const void *, size_t, char [SYNC_SHA256_HEX]);
char	*sync_batch_text(const char *, const char *, const struct sync_batch *, time_t);

#endif
