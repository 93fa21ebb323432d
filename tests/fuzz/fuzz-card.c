/*
 * libFuzzer target for the My Number card's files (app/card/card-parse.c): whatever a card
 * answers goes through the three parsers and the element-size check the reader's loop
 * uses; a value parsed is turned into the forms' items as a read would (card-values.c).
 *
 *	make fuzz-card
 *	tests/fuzz/fuzz-card -max_total_time=600 tests/fuzz/corpus-card
 *
 * The first byte picks the file, so that each parser gets every input shape.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "card/card-parse.h"
#include "card/card-values.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct card_data	 d;
	struct reg_value	*v;
	uint8_t			 h1[CARD_HASH_LEN], h2[CARD_HASH_LEN];
	size_t			 n;
	char			*cause = NULL;

	if (size < 1)
		return 0;
	memset(&d, 0, sizeof d);
	(void)card_element_size(data + 1, size - 1);
	switch (data[0] % 3) {
	case 0:
		if (card_parse_mynumber(data + 1, size - 1, d.mynumber, &cause) != 0)
			free(cause);
		break;
	case 1:
		if (card_parse_four(data + 1, size - 1, &d.four, &cause) != 0) {
			free(cause);
			break;
		}
		memcpy(d.mynumber, "123456789018", 13);
		if (card_values(&d, 1, &v, &n, &cause) != 0)
			free(cause);
		reg_values_free(v, n);
		card_four_free(&d.four);
		break;
	default:
		if (card_parse_signature(data + 1, size - 1, h1, h2, &cause) != 0)
			free(cause);
		break;
	}
	return 0;
}
