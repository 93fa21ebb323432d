/*
 * madoguchi-card-sim: a virtual My Number card (its 券面事項入力補助AP) behind the
 * vsmartcard-vpcd reader driver, for development and tests. It is the other party to the
 * contract in docs/mynumber-card.md and shares no code with the terminal's reader
 * (app/card/) nor with the terminal's validators (lib/valid*): the files, the APDUs and
 * the check digit are written again from the document, so that a misreading on either side
 * shows up as a failing test instead of two programs agreeing on the same mistake.
 */
#ifndef CARD_SIM_H
#define CARD_SIM_H

#include <stddef.h>
#include <stdint.h>

/* Faults, any number of them at once (--fault KIND ...). */
#define CS_FAULT_LOCKED		0x001	/* no tries left from the start */
#define CS_FAULT_NOT_MYNUMBER	0x002	/* the AP's SELECT answers 6A 82 */
#define CS_FAULT_REMOVE		0x004	/* the card goes away on the first read of EF 0002 */
#define CS_FAULT_BAD_MYNUMBER	0x008	/* EF 0001 says 13 bytes, holds 12 */
#define CS_FAULT_BAD_FOUR	0x010	/* an element of EF 0002 runs past its outer element */
#define CS_FAULT_LONG_FOUR	0x020	/* a name of 300 bytes */
#define CS_FAULT_CHECK_DIGIT	0x040	/* a --mynumber with a wrong check digit is taken */
#define CS_FAULT_BAD_HASH	0x080	/* EF 0003's hash of EF 0002 is wrong */
#define CS_FAULT_NON_UTF8	0x100	/* the name holds the byte 0xFF */

/* ---- card-sim-files.c: what the card holds. */

/* The card's face as given on the command line. */
struct cs_person {
	const char	*mynumber;	/* 12 ASCII digits */
	const char	*name;		/* UTF-8 */
	const char	*address;	/* UTF-8 */
	const char	*birth;		/* YYYYMMDD */
	char		 sex;		/* '1', '2' or '3' */
};

/* One elementary file: its bytes as the card returns them to READ BINARY. */
struct cs_file {
	uint16_t	 id;
	unsigned char	*data;
	size_t		 len;
};

#define CS_EF_MYNUMBER	0x0001
#define CS_EF_FOUR	0x0002
#define CS_EF_SIGNATURE	0x0003
#define CS_EF_PIN	0x0011

/* The three files of the AP, built once (faults applied) before the card is inserted. */
struct cs_files {
	struct cs_file	 mynumber;
	struct cs_file	 four;
	struct cs_file	 signature;
};

void	 cs_files_build(const struct cs_person *, unsigned int, struct cs_files *);
void	 cs_files_free(struct cs_files *);

/* Command-line checks: 0 when the value is good. */
int	 cs_check_digit(const char *);		/* the 12th digit from the first 11 */
int	 cs_valid_mynumber(const char *, int);	/* 12 digits, check digit unless told */
int	 cs_valid_birth(const char *);		/* YYYYMMDD, a calendar day */

/* ---- card-sim-apdu.c: the card's side of the conversation. */

struct cs_card {
	const struct cs_files	*files;
	const char		*pin;		/* 4 ASCII digits */
	unsigned int		 faults;
	int			 max_tries;
	int			 tries;		/* kept across re-insertions */
	unsigned long		 verifies;	/* VERIFYs that carried a PIN */

	/* The session: lost on power-off, reset and removal. */
	int			 ap_selected;
	uint16_t		 ef;		/* 0 when none is selected */
	int			 verified;
};

/* What cs_card_apdu tells its caller to do after an APDU. */
enum cs_action {
	CS_ANSWER,		/* send the response */
	CS_ANSWER_VERIFY,	/* send it; tries or verifies changed (--state) */
	CS_REMOVE		/* send nothing and close the connection (a fault) */
};

#define CS_RESPONSE_MAX	(256 + 2)

void		cs_card_reset(struct cs_card *);
/*
 * Answers one command APDU: out gets the response (data then SW1 SW2), *outlen its length;
 * log (logsize bytes) gets one line for --log that never holds the PIN.
 */
enum cs_action	cs_card_apdu(struct cs_card *, const unsigned char *, size_t,
		    unsigned char *, size_t *, char *, size_t);

#endif
