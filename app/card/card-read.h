/* app/card/: reading the My Number card over PC/SC (docs/mynumber-card.md).
 * May use: lib/, db/, app/. */
/*
 * A conversation with the card through pcscd: open (the first reader that holds a card),
 * ask the tries left, verify the PIN the person typed, read the My Number and the four
 * items with the card's signature data, close. Each step says what went wrong in a state
 * and a cause in plain words. Nothing here retries a PIN: one card_verify is one PIN sent.
 */
#ifndef CARD_READ_H
#define CARD_READ_H

#include <stddef.h>

#include "card/card-parse.h"

enum card_state {
	CARD_OK = 0,
	CARD_NO_SERVICE,	/* pcscd is not running (or refuses this user) */
	CARD_NO_READER,
	CARD_NO_CARD,
	CARD_REMOVED,		/* the card left the reader during the conversation */
	CARD_NOT_MYNUMBER,	/* no text-input-support application */
	CARD_PIN_WRONG,		/* *tries says how many are left */
	CARD_PIN_LOCKED,
	CARD_BAD_DATA,		/* the card's files are not as the layout says */
	CARD_FAILED		/* anything else: the cause says what */
};

/* What a read gives (card_data_free wipes it). */
struct card_data {
	char		 mynumber[MYNUMBER_LEN + 1];
	struct card_four four;
	uint8_t		 hash_mynumber[CARD_HASH_LEN];
	uint8_t		 hash_four[CARD_HASH_LEN];
};

/* One reader as pcscd lists it. */
struct card_reader {
	char	*name;
	int	 card;		/* a card is in it */
	int	 mynumber;	/* ... and it has the text-input-support application */
};

struct card_session;

/* reader: NULL for the first that holds a card. */
enum card_state	 card_open(const char *, struct card_session **, char **);
const char	*card_session_reader(const struct card_session *);
/* The tries left for the PIN, as the card reports them (without spending one). */
enum card_state	 card_tries(struct card_session *, int *, char **);
/* One PIN, four ASCII digits; on CARD_PIN_WRONG *tries is what is left. */
enum card_state	 card_verify(struct card_session *, const char *, int *, char **);
enum card_state	 card_read(struct card_session *, struct card_data *, char **);
/* Resets the card, so that its PIN must be given again for the next read. */
void		 card_close(struct card_session *);
void		 card_data_free(struct card_data *);

/* Every reader, with whether a card (and a My Number card) answers in it. */
enum card_state	 card_readers(struct card_reader **, size_t *, char **);
void		 card_readers_free(struct card_reader *, size_t);

#endif
