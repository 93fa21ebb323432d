/* sim/: the My Number card simulator, the other party to the card contract.
 * May use: lib/ but not the terminal's card reader or validators (scripts/check-layers). */
/*
 * madoguchi-card-sim: a virtual My Number card for development and tests. It connects to
 * the TCP port of vsmartcard's reader driver (vpcd) inside pcscd, which makes the virtual
 * reader see a card, and answers the APDUs of docs/mynumber-card.md from its command line.
 * Closing the connection removes the card; the simulator then inserts it again.
 *
 *	madoguchi-card-sim [--host HOST] [--port N] --mynumber 12DIGITS --name TEXT
 *	    --address TEXT --birth YYYYMMDD --sex 1|2|3 --pin 4DIGITS [--tries N]
 *	    [--fault KIND]... [--state FILE] [--log FILE] [--once]
 *
 * vpcd's protocol, both ways: a two-byte big-endian length, then that many bytes. From the
 * driver, one byte is a control (power off, power on, reset, "send the ATR"), more is a
 * command APDU, answered with the response APDU.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "card-sim.h"
#include "clock.h"
#include "xmalloc.h"

#define DEFAULT_HOST	"127.0.0.1"
#define DEFAULT_PORT	"35963"		/* vpcd's reader.conf: CHANNELID 0x8C7B */
#define RETRY_MS	100
#define TEXT_MAX	1000		/* name and address, in bytes */

#define VPCD_POWER_OFF	0x00
#define VPCD_POWER_ON	0x01
#define VPCD_RESET	0x02
#define VPCD_ATR	0x04

/*
 * The ATR the My Number card is publicly reported to give: T=1 only (TD1 = 81, TD2 = 31),
 * IFSC 254, no historical bytes. pcscd checks the ATR's structure and its TCK.
 */
static const unsigned char	 atr[] = {
	0x3b, 0xe0, 0x00, 0xff, 0x81, 0x31, 0xfe, 0x45, 0x14
};

static const struct {
	const char	*name;
	unsigned int	 flag;
} faults[] = {
	{ "locked", CS_FAULT_LOCKED },
	{ "not-mynumber-card", CS_FAULT_NOT_MYNUMBER },
	{ "remove-during-read", CS_FAULT_REMOVE },
	{ "malformed-mynumber", CS_FAULT_BAD_MYNUMBER },
	{ "malformed-four", CS_FAULT_BAD_FOUR },
	{ "overlong-four", CS_FAULT_LONG_FOUR },
	{ "bad-check-digit", CS_FAULT_CHECK_DIGIT },
	{ "bad-hash", CS_FAULT_BAD_HASH },
	{ "non-utf8", CS_FAULT_NON_UTF8 },
};
#define FAULT_NAMES	"locked not-mynumber-card remove-during-read malformed-mynumber\n" \
	"        malformed-four overlong-four bad-check-digit bad-hash non-utf8"

static volatile sig_atomic_t	 stop;

struct sim {
	const char	*host;
	const char	*port;
	const char	*state_path;
	FILE		*log;
	struct cs_card	 card;
};

static void	usage(void) __attribute__((noreturn));
static void	bad(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void	help(void) __attribute__((noreturn));

static void
usage(void)
{
	fprintf(stderr, "usage: madoguchi-card-sim [--host HOST] [--port N] --mynumber "
	    "12DIGITS --name TEXT\n\t--address TEXT --birth YYYYMMDD --sex 1|2|3 --pin "
	    "4DIGITS [--tries N]\n\t[--fault KIND]... [--state FILE] [--log FILE] [--once]\n"
	    "faults: " FAULT_NAMES "\n");
	exit(2);
}

/* A bad value: say which, then the usage. */
static void
bad(const char *fmt, ...)
{
	va_list	 ap;

	fputs("madoguchi-card-sim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage();
}

static void
help(void)
{
	printf("usage: madoguchi-card-sim [--host HOST] [--port N] --mynumber 12DIGITS "
	    "--name TEXT\n"
	    "    --address TEXT --birth YYYYMMDD --sex 1|2|3 --pin 4DIGITS [options]\n"
	    "A virtual My Number card (its text-input-support application) for development\n"
	    "and tests: it connects to the vsmartcard-vpcd reader driver in pcscd and answers\n"
	    "the terminal's APDUs (docs/mynumber-card.md). Never on a terminal in service.\n\n"
	    "  --host HOST          where pcscd with vpcd runs (default " DEFAULT_HOST ")\n"
	    "  --port N             vpcd's port (default " DEFAULT_PORT ")\n"
	    "  --mynumber 12DIGITS  the My Number; its check digit must be right\n"
	    "  --name TEXT          name (UTF-8)\n"
	    "  --address TEXT       address (UTF-8)\n"
	    "  --birth YYYYMMDD     birth date\n"
	    "  --sex 1|2|3          1 male, 2 female, 3 other\n"
	    "  --pin 4DIGITS        the PIN of the application\n"
	    "  --tries N            PIN tries (default 3, 1 to 15)\n"
	    "  --fault KIND         misbehave, any number of times:\n"
	    "        " FAULT_NAMES "\n"
	    "  --state FILE         after each VERIFY, write \"tries N\" and \"verifies N\" to FILE\n"
	    "  --log FILE           append one line per APDU (never the PIN) to FILE\n"
	    "  --once               exit when the card is removed instead of inserting it again\n"
	    "  --help               this text\n"
	    "  --version            print the version\n\n"
	    "Exit status: 0 when stopped (SIGINT, SIGTERM), after --once or after the\n"
	    "remove-during-read fault, 1 on an error, 2 for a bad command line.\n");
	exit(0);
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
fault_parse(const char *name, unsigned int *flags)
{
	size_t	 i;

	for (i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		if (strcmp(name, faults[i].name) == 0) {
			*flags |= faults[i].flag;
			return 0;
		}
	}
	return -1;
}

/* "tries N" and "verifies N", replaced whole so that a reader never sees half a file. */
static void
write_state(struct sim *s)
{
	char	*tmp;
	FILE	*f;

	if (s->state_path == NULL)
		return;
	xasprintf(&tmp, "%s.tmp", s->state_path);
	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(stderr, "madoguchi-card-sim: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return;
	}
	fprintf(f, "tries %d\nverifies %lu\n", s->card.tries, s->card.verifies);
	if (fclose(f) != 0 || rename(tmp, s->state_path) != 0)
		fprintf(stderr, "madoguchi-card-sim: %s: %s\n", s->state_path, strerror(errno));
	free(tmp);
}

static void
log_line(struct sim *s, const char *line)
{
	if (s->log == NULL)
		return;
	fprintf(s->log, "%s\n", line);
	fflush(s->log);
}

/* Connects to vpcd, trying again every RETRY_MS until it listens: -1 only when stopped. */
static int
connect_vpcd(struct sim *s)
{
	struct addrinfo	 hints, *res, *ai;
	int		 fd, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	while (!stop) {
		if ((rc = getaddrinfo(s->host, s->port, &hints, &res)) != 0) {
			fprintf(stderr, "madoguchi-card-sim: %s: %s\n", s->host, gai_strerror(rc));
			clock_sleep_ms(RETRY_MS, &stop);
			continue;
		}
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
			if (fd == -1)
				continue;
			if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
				freeaddrinfo(res);
				return fd;
			}
			close(fd);
		}
		freeaddrinfo(res);
		clock_sleep_ms(RETRY_MS, &stop);
	}
	return -1;
}

/* Reads exactly len bytes: 0, or -1 at the end of the connection, an error or a stop. */
static int
read_full(int fd, unsigned char *buf, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if (stop)
			return -1;
		n = read(fd, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* One message to vpcd: its length on two bytes, then the bytes. */
static int
send_message(int fd, const unsigned char *data, size_t len)
{
	unsigned char	 buf[2 + CS_RESPONSE_MAX];
	size_t		 off = 0;
	ssize_t		 n;

	buf[0] = len >> 8;
	buf[1] = len & 0xff;
	memcpy(buf + 2, data, len);
	len += 2;
	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR && !stop)
			continue;
		if (n <= 0)
			return -1;
		off += n;
	}
	return 0;
}

/*
 * One insertion of the card: answers vpcd until it closes the connection (0), the card
 * is pulled out by a fault (1) or the simulator is stopped (0).
 */
static int
serve(struct sim *s, int fd)
{
	unsigned char	 head[2], msg[65535], out[CS_RESPONSE_MAX];
	char		 line[128];
	size_t		 len, outlen;

	cs_card_reset(&s->card);
	log_line(s, "INSERTED");
	while (!stop) {
		if (read_full(fd, head, 2) != 0)
			break;
		len = (size_t)head[0] << 8 | head[1];
		if (read_full(fd, msg, len) != 0)
			break;
		if (len == 1) {
			switch (msg[0]) {
			case VPCD_POWER_OFF:
			case VPCD_POWER_ON:
			case VPCD_RESET:
				/*
				 * A card loses its security state when it loses power:
				 * pcscd powers it off after a while unused, so a PIN
				 * verified in one connection may be gone in the next.
				 */
				cs_card_reset(&s->card);
				log_line(s, msg[0] == VPCD_POWER_OFF ? "POWER OFF" :
				    msg[0] == VPCD_POWER_ON ? "POWER ON" : "RESET");
				break;
			case VPCD_ATR:
				/* Also vpcd's presence poll: several times a second, not logged. */
				if (send_message(fd, atr, sizeof atr) != 0)
					goto gone;
				break;
			}
			continue;
		}
		if (len == 0)
			continue;
		switch (cs_card_apdu(&s->card, msg, len, out, &outlen, line, sizeof line)) {
		case CS_REMOVE:
			log_line(s, line);
			log_line(s, "REMOVED");
			return 1;
		case CS_ANSWER_VERIFY:
			write_state(s);
			/* FALLTHROUGH */
		case CS_ANSWER:
			log_line(s, line);
			break;
		}
		if (send_message(fd, out, outlen) != 0)
			break;
	}
gone:
	log_line(s, "REMOVED");
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "mynumber", required_argument, NULL, 'm' },
		{ "name", required_argument, NULL, 'n' },
		{ "address", required_argument, NULL, 'a' },
		{ "birth", required_argument, NULL, 'b' },
		{ "sex", required_argument, NULL, 's' },
		{ "pin", required_argument, NULL, 'P' },
		{ "tries", required_argument, NULL, 't' },
		{ "fault", required_argument, NULL, 'f' },
		{ "state", required_argument, NULL, 'S' },
		{ "log", required_argument, NULL, 'l' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim		 s;
	struct cs_person	 p;
	struct cs_files		 files;
	struct sigaction	 sa;
	const char		*log_path = NULL, *sex = NULL;
	char			*end;
	long			 n;
	int			 ch, once = 0, fd, removed;

	memset(&s, 0, sizeof s);
	memset(&p, 0, sizeof p);
	s.host = DEFAULT_HOST;
	s.port = DEFAULT_PORT;
	s.card.max_tries = 3;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			s.host = optarg;
			break;
		case 'p':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 || n > 65535)
				bad("--port must be a TCP port (1 to 65535): %s", optarg);
			s.port = optarg;
			break;
		case 'm':
			p.mynumber = optarg;
			break;
		case 'n':
			p.name = optarg;
			break;
		case 'a':
			p.address = optarg;
			break;
		case 'b':
			if (cs_valid_birth(optarg) != 0)
				bad("--birth must be a calendar day, YYYYMMDD: %s", optarg);
			p.birth = optarg;
			break;
		case 's':
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0 &&
			    strcmp(optarg, "3") != 0)
				bad("--sex must be 1, 2 or 3: %s", optarg);
			sex = optarg;
			break;
		case 'P':
			if (strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4)
				bad("--pin must be 4 digits");	/* not echoed: it is a PIN */
			s.card.pin = optarg;
			break;
		case 't':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 || n > 15)
				bad("--tries must be 1 to 15: %s", optarg);
			s.card.max_tries = n;
			break;
		case 'f':
			if (fault_parse(optarg, &s.card.faults) != 0)
				bad("unknown fault: %s", optarg);
			break;
		case 'S':
			s.state_path = optarg;
			break;
		case 'l':
			log_path = optarg;
			break;
		case '1':
			once = 1;
			break;
		case 'h':
			help();
		case 'V':
			printf("madoguchi-card-sim %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc)
		bad("unexpected argument: %s", argv[optind]);
	if (p.mynumber == NULL || p.name == NULL || p.address == NULL || p.birth == NULL ||
	    sex == NULL || s.card.pin == NULL)
		bad("--mynumber, --name, --address, --birth, --sex and --pin are needed");
	/* Checked after the options: --fault bad-check-digit may come after --mynumber. */
	if (cs_valid_mynumber(p.mynumber, (s.card.faults & CS_FAULT_CHECK_DIGIT) != 0) != 0)
		bad("--mynumber must be 12 digits with a right check digit (or --fault "
		    "bad-check-digit): %s", p.mynumber);
	if (strlen(p.name) > TEXT_MAX || strlen(p.address) > TEXT_MAX)
		bad("--name and --address take at most %d bytes", TEXT_MAX);
	p.sex = sex[0];

	if (log_path != NULL && (s.log = fopen(log_path, "ae")) == NULL) {
		fprintf(stderr, "madoguchi-card-sim: %s: %s\n", log_path, strerror(errno));
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a blocked read must return */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	cs_files_build(&p, s.card.faults, &files);
	s.card.files = &files;
	s.card.tries = (s.card.faults & CS_FAULT_LOCKED) ? 0 : s.card.max_tries;
	write_state(&s);

	/* Each connection is one insertion of the card; the tries stay with the card. */
	while (!stop) {
		if ((fd = connect_vpcd(&s)) == -1)
			break;
		removed = serve(&s, fd);
		close(fd);
		if (removed || once)
			break;
		clock_sleep_ms(RETRY_MS, &stop);
	}
	cs_files_free(&files);
	if (s.log != NULL)
		fclose(s.log);
	return 0;
}
