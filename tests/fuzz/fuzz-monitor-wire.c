/*
 * libFuzzer target for the monitor's message codec (app/auth/monitor-wire.c): what the
 * privileged monitor reads from the unprivileged screen process.
 *
 * The input is a stream of frames, read the way mon_recv reads them. Besides "no crash,
 * no leak, no undefined behaviour", two properties are checked:
 *	- every body the decoder accepts is re-encoded to exactly the same bytes (so the
 *	  decoder accepts one spelling per message and checks every field the encoder does);
 *	- mon_sanitize turns any bytes into a string the decoder accepts as message text.
 *
 *	make fuzz-monitor
 *	tests/fuzz/fuzz-monitor-wire -max_total_time=300 tests/fuzz/corpus-monitor
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyfile.h"
#include "auth/monitor-wire.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_round_trip(const uint8_t *frame, size_t len)
{
	struct mon_msg	 m;
	struct mon_buf	 b;

	if (mon_msg_decode(frame + MON_FRAME_HEADER, len, &m, NULL) != 0)
		return;
	memset(&b, 0, sizeof b);
	if (mon_msg_encode(&m, &b, NULL) != 0)
		abort();	/* accepted but not encodable: the two sides disagree */
	if (b.len != len + MON_FRAME_HEADER || memcmp(b.data, frame, b.len) != 0)
		abort();	/* a second spelling of the same message */
	mon_buf_free(&b);
	mon_msg_free(&m);
}

static void
check_sanitize(const uint8_t *data, size_t size)
{
	char	*in, out[MON_PROMPT_MAX + 1];

	in = xmalloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	mon_sanitize(in, out, sizeof out);
	if (strlen(out) > MON_PROMPT_MAX ||
	    !mon_utf8_valid(out, strlen(out), MON_STR_TEXT))
		abort();
	free(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data;
	size_t		 left = size, len;

	while (left >= MON_FRAME_HEADER) {
		if (mon_frame_length(p, &len, NULL) != 0)
			break;
		if (len > left - MON_FRAME_HEADER)
			break;
		check_round_trip(p, len);
		p += MON_FRAME_HEADER + len;
		left -= MON_FRAME_HEADER + len;
	}
	/* A body without its frame, as the fuzzer found it. */
	if (size > 0) {
		struct mon_msg	 m;

		if (mon_msg_decode(data, size, &m, NULL) == 0)
			mon_msg_free(&m);
	}
	check_sanitize(data, size);
	return 0;
}
