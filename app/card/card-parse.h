/* app/card/: reading the My Number card over PC/SC (docs/mynumber-card.md).
 * May use: lib/, db/, app/. */
/*
 * The card's files as the terminal understands them: strict parsers with no I/O, so that
 * they can be fuzzed (tests/fuzz/fuzz-card.c) and tested with any bytes. Every length,
 * tag and encoding is checked; anything unexpected is refused with a cause in plain words.
 */
#ifndef CARD_PARSE_H
#define CARD_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "valid.h"

/* The longest texts the register takes from a card (register-items.c: names, addresses). */
#define CARD_NAME_MAX		100	/* characters */
#define CARD_ADDRESS_MAX	180

/* No file of the application is longer; the reader stops there (a card that says more lies). */
#define CARD_FILE_MAX		4096

#define CARD_HASH_LEN		32	/* SHA-256 */

/* The four basic items (基本4情報) as the card holds them. */
struct card_four {
	char	*name;			/* family and given names, one space between */
	char	*address;
	char	 birth[9];		/* YYYYMMDD */
	char	 sex;			/* '1' male, '2' female, '3' other */
};

/*
 * The size in bytes of the element whose header starts buf (tag, length and value), from
 * the first avail bytes, which must hold the whole header; 0 when the header is not one of
 * the application's (a two-byte FF xx tag and a definite length up to CARD_FILE_MAX).
 */
size_t	 card_element_size(const uint8_t *, size_t);

/* EF 0001: twelve ASCII digits with a good check digit into out. */
int	 card_parse_mynumber(const uint8_t *, size_t, char [MYNUMBER_LEN + 1], char **);
/* EF 0002: the four items (allocated: card_four_free). */
int	 card_parse_four(const uint8_t *, size_t, struct card_four *, char **);
void	 card_four_free(struct card_four *);
/*
 * EF 0003: the card's SHA-256 of the My Number's element and of the four items' element;
 * the issuer's signature is checked for its presence and size only.
 */
int	 card_parse_signature(const uint8_t *, size_t, uint8_t [CARD_HASH_LEN],
	    uint8_t [CARD_HASH_LEN], char **);

#endif
