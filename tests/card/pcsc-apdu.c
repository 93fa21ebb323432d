/*
 * pcsc-apdu: a tiny PC/SC client for the card tests (tests/lib/pcsc.sh), written without
 * the terminal's reader so that the simulator can be tested on its own.
 *
 *	pcsc-apdu readers			the readers, one per line
 *	pcsc-apdu [--reader NAME] status	"present" or "empty"
 *	pcsc-apdu [--reader NAME] atr		the card's ATR in hex
 *	pcsc-apdu [--reader NAME] HEX...	send each APDU, print each response in hex
 *
 * Hex is read with or without spaces ("00A4040C" or "00 A4 04 0C" as one argument) and
 * printed as uppercase bytes separated by spaces, one line per APDU. Without --reader the
 * first reader is used. Exit 1 with a message on stderr on any PC/SC error.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

static SCARDCONTEXT	 ctx;

static void __attribute__((noreturn))
fail(const char *what, LONG rv)
{
	fprintf(stderr, "pcsc-apdu: %s: %s\n", what, pcsc_stringify_error(rv));
	if (ctx != 0)
		SCardReleaseContext(ctx);
	exit(1);
}

static void
print_hex(const unsigned char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		printf("%s%02X", i == 0 ? "" : " ", p[i]);
	printf("\n");
}

/* Hex digits, spaces allowed between them: the byte count, or -1. */
static long
parse_hex(const char *s, unsigned char *out, size_t outsize)
{
	size_t	 n = 0;
	int	 hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		v = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
		if (hi == -1) {
			hi = v;
			continue;
		}
		if (n == outsize)
			return -1;
		out[n++] = hi << 4 | v;
		hi = -1;
	}
	return hi == -1 ? (long)n : -1;
}

/* The readers as a multi-string (names one after another, an empty one at the end). */
static char *
list_readers(void)
{
	DWORD	 len = 0;
	LONG	 rv;
	char	*buf;

	rv = SCardListReaders(ctx, NULL, NULL, &len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE)
		return NULL;
	if (rv != SCARD_S_SUCCESS)
		fail("SCardListReaders", rv);
	if ((buf = malloc(len)) == NULL)
		abort();
	if ((rv = SCardListReaders(ctx, NULL, buf, &len)) != SCARD_S_SUCCESS)
		fail("SCardListReaders", rv);
	return buf;
}

int
main(int argc, char **argv)
{
	SCARDHANDLE		 card;
	SCARD_READERSTATE	 state;
	const SCARD_IO_REQUEST	*pci;
	unsigned char		 cmd[261], resp[258], atr[MAX_ATR_SIZE];
	const char		*reader = NULL;
	char			*readers, *r;
	DWORD			 proto, resplen, atrlen, rlen, st;
	LONG			 rv;
	long			 cmdlen;
	int			 i;

	if (argc > 2 && strcmp(argv[1], "--reader") == 0) {
		reader = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: pcsc-apdu readers | [--reader NAME] status | atr | "
		    "HEX...\n");
		return 2;
	}
	if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx)) !=
	    SCARD_S_SUCCESS)
		fail("SCardEstablishContext", rv);

	readers = list_readers();
	if (strcmp(argv[1], "readers") == 0) {
		for (r = readers; r != NULL && *r != '\0'; r += strlen(r) + 1)
			printf("%s\n", r);
		free(readers);
		SCardReleaseContext(ctx);
		return 0;
	}
	if (readers == NULL || *readers == '\0') {
		fprintf(stderr, "pcsc-apdu: no reader\n");
		SCardReleaseContext(ctx);
		return 1;
	}
	if (reader == NULL)
		reader = readers;

	if (strcmp(argv[1], "status") == 0) {
		memset(&state, 0, sizeof state);
		state.szReader = reader;
		state.dwCurrentState = SCARD_STATE_UNAWARE;
		if ((rv = SCardGetStatusChange(ctx, 0, &state, 1)) != SCARD_S_SUCCESS)
			fail(reader, rv);
		printf("%s\n", (state.dwEventState & SCARD_STATE_PRESENT) ? "present" : "empty");
		free(readers);
		SCardReleaseContext(ctx);
		return 0;
	}

	rv = SCardConnect(ctx, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
	    &card, &proto);
	if (rv != SCARD_S_SUCCESS)
		fail(reader, rv);
	pci = proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;

	if (strcmp(argv[1], "atr") == 0) {
		rlen = 0;
		atrlen = sizeof atr;
		if ((rv = SCardStatus(card, NULL, &rlen, &st, &proto, atr, &atrlen)) !=
		    SCARD_S_SUCCESS)
			fail("SCardStatus", rv);
		print_hex(atr, atrlen);
	} else {
		for (i = 1; i < argc; i++) {
			if ((cmdlen = parse_hex(argv[i], cmd, sizeof cmd)) < 4) {
				fprintf(stderr, "pcsc-apdu: not an APDU in hex: %s\n", argv[i]);
				SCardDisconnect(card, SCARD_LEAVE_CARD);
				SCardReleaseContext(ctx);
				return 1;
			}
			resplen = sizeof resp;
			rv = SCardTransmit(card, pci, cmd, cmdlen, NULL, resp, &resplen);
			if (rv != SCARD_S_SUCCESS)
				fail("SCardTransmit", rv);
			/* vpcd answers a card that went away mid-command with nothing. */
			if (resplen < 2) {
				fprintf(stderr, "pcsc-apdu: SCardTransmit: %lu bytes, no status "
				    "word\n", (unsigned long)resplen);
				SCardReleaseContext(ctx);
				return 1;
			}
			print_hex(resp, resplen);
			fflush(stdout);
		}
	}
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	free(readers);
	SCardReleaseContext(ctx);
	return 0;
}
