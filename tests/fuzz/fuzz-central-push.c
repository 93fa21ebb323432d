/*
 * libFuzzer target for the central store's reading of a changes batch (db/central/0[1-3]-*.sql:
 * push(), change_lines(), the rules of 03-rules.sql and their messages). Each input is
 * the body of a batch, or, when it starts with '{', a whole batch, header included; a body
 * gets the header a terminal would write (its line count, the time, the body's SHA-256).
 * The batch is signed with the fuzzing terminal's key and pushed through libpq as that
 * terminal, in a transaction that is rolled back afterwards, so that every input meets the
 * store as the caller set it up. Besides "the server neither crashes nor hangs":
 *	- a refusal is one the store makes on purpose: a data exception (SQLSTATE class 22),
 *	  MDG02, 42501 (a header naming another terminal) or a limit of PostgreSQL's own
 *	  (class 54, e.g. JSON nested too deep); anything else (an internal error, an
 *	  undefined column, a unique violation escaping push) aborts;
 *	- the message of a refusal holds no control character or direction mark raw;
 *	- a batch taken stores no change of an entity with rules whose payload the rules
 *	  refuse (madoguchi.payload_fault).
 *
 * The caller starts a private PostgreSQL and sets the store up (tests/fuzz/run-central.sh
 * does both; README "Fuzzing"):
 *	FUZZ_CENTRAL_DB		libpq conninfo of a superuser connection to the store
 *	FUZZ_CENTRAL_ROLE	the fuzzing terminal's role, FUZZ_CENTRAL_TERMINAL its id
 *	FUZZ_CENTRAL_KEY	its signing key (RSA, PEM), registered with the setup script
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static PGconn	*pg;
static EVP_PKEY	*key;
static char	*set_role;
static const char *terminal;

static void	 die(const char *, const char *);
static void	 run(const char *);
static int	 raw_control(const char *);
static int	 allowed(const char *);
static uint8_t	*batch_of(const uint8_t *, size_t, size_t *);
static uint8_t	*sign(const uint8_t *, size_t, size_t *);
static void	 check_taken(void);
static void	 feedback(const char *);

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-central-push: %s%s%s\n", what, detail != NULL ? ": " : "",
	    detail != NULL ? detail : "");
	abort();
}

/* A statement that must succeed. */
static void
run(const char *sql)
{
	PGresult	*res;

	res = PQexec(pg, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		die(sql, PQerrorMessage(pg));
	PQclear(res);
}

/* Whether s holds a C0 or C1 control, DEL or a direction mark or control, as it is. */
static int
raw_control(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return 1;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
		if (p[0] == 0xd8 && p[1] == 0x9c)	/* U+061C */
			return 1;
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f ||
		    (p[2] >= 0xaa && p[2] <= 0xae)))
			return 1;
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return 1;
	}
	return 0;
}

/* The refusals the store makes on purpose. */
static int
allowed(const char *state)
{
	if (state == NULL)
		return 0;
	return strncmp(state, "22", 2) == 0 || strncmp(state, "54", 2) == 0 ||
	    strcmp(state, "MDG02") == 0 || strcmp(state, "42501") == 0;
}

/* The batch for an input: as it is if it starts with '{', else a header and the body. */
static uint8_t *
batch_of(const uint8_t *data, size_t size, size_t *len)
{
	unsigned char	 md[32];
	char		 header[512], hex[65], now[32];
	uint8_t		*out;
	size_t		 i, lines = 1;
	time_t		 t = time(NULL);
	int		 n;

	if (size > 0 && data[0] == '{') {
		out = malloc(size + 1);
		if (out == NULL)
			die("out of memory", NULL);
		memcpy(out, data, size);
		*len = size;
		return out;
	}
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (EVP_Digest(data, size, md, NULL, EVP_sha256(), NULL) != 1)
		die("SHA-256", NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	n = snprintf(header, sizeof header, "{\"format\":2,\"kind\":\"changes\",\"terminal\":"
	    "\"%s\",\"count\":%zu,\"first\":1,\"last\":1,\"sent_at\":\"%s\",\"sha256\":"
	    "\"%s\"}\n", terminal, lines, now, hex);
	if (n < 0 || (size_t)n >= sizeof header)
		die("header too long", NULL);
	out = malloc((size_t)n + size + 1);
	if (out == NULL)
		die("out of memory", NULL);
	memcpy(out, header, (size_t)n);
	memcpy(out + n, data, size);
	*len = (size_t)n + size;
	return out;
}

/* RSASSA-PKCS1-v1_5 with SHA-256, as madoguchi signs a batch. */
static uint8_t *
sign(const uint8_t *batch, size_t len, size_t *siglen)
{
	EVP_MD_CTX	*ctx;
	uint8_t		*sig;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, siglen, batch, len) != 1 ||
	    (sig = malloc(*siglen)) == NULL ||
	    EVP_DigestSign(ctx, sig, siglen, batch, len) != 1)
		die("cannot sign", NULL);
	EVP_MD_CTX_free(ctx);
	return sig;
}

/*
 * The server is another process: libFuzzer sees none of its branches. What it answered is
 * made into branches here, one per kind of answer (each ANSWER a branch of its own), so
 * that an input that reaches a new kind is kept in the corpus.
 */
static volatile unsigned answered;
#define ANSWER(words)	do { if (strstr(answer, words) != NULL) answered++; } while (0)

static void
feedback(const char *answer)
{
	ANSWER("is malformed");
	ANSWER("not increasing");
	ANSWER("rows, header says");
	ANSWER("is not UTF-8");
	ANSWER("header is not JSON");
	ANSWER("not a format");
	ANSWER("names terminal");
	ANSWER("SHA-256");
	ANSWER("sent_at");
	ANSWER("out of range");
	ANSWER("differs from the one received before");
	ANSWER("unknown member");
	ANSWER("has a value of the wrong form");
	ANSWER("may not be null");
	ANSWER("too long");
	ANSWER("control character");
	ANSWER("text-direction");
	ANSWER("line break");
	ANSWER("check digit");
	ANSWER("katakana");
	ANSWER("a date that exists");
	ANSWER("prefecture code");
	ANSWER("7 digits");
	ANSWER("6 digits");
	ANSWER("phone number");
	ANSWER("12 digits");
	ANSWER("letters, digits");
	ANSWER("amount in yen");
	ANSWER("one of ");
	ANSWER("no space at either end");
	ANSWER("a UUID");
	ANSWER("0 or 1");
	ANSWER("whole number");
	ANSWER("a time such as");
	ANSWER("a user name");
	ANSWER("a code word");
	ANSWER("register items");
	ANSWER("breaks the rules");
	ANSWER("taken: no conflict");
	ANSWER("taken: conflicts");
}

/* After a batch was taken (still inside its transaction): nothing stored breaks a rule. */
static void
check_taken(void)
{
	const char	*params[1] = { terminal };
	PGresult	*res;

	run("RESET SESSION AUTHORIZATION");
	res = PQexecParams(pg, "SELECT c.seq || ' ' || c.entity || ': ' || "
	    "madoguchi.payload_fault(c.entity, c.payload) FROM madoguchi.changes c "
	    "WHERE c.terminal_id = $1 AND c.status <> 'resolution' AND "
	    "madoguchi.payload_fault(c.entity, c.payload) IS NOT NULL LIMIT 1",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("checking what was stored", PQerrorMessage(pg));
	if (PQntuples(res) != 0)
		die("a change the rules refuse was stored", PQgetvalue(res, 0, 0));
	PQclear(res);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*db, *role, *keyfile;
	char		*quoted;
	FILE		*f;
	size_t		 n;

	(void)argc;
	(void)argv;
	db = getenv("FUZZ_CENTRAL_DB");
	role = getenv("FUZZ_CENTRAL_ROLE");
	terminal = getenv("FUZZ_CENTRAL_TERMINAL");
	keyfile = getenv("FUZZ_CENTRAL_KEY");
	if (db == NULL || role == NULL || terminal == NULL || keyfile == NULL)
		die("set FUZZ_CENTRAL_DB, FUZZ_CENTRAL_ROLE, FUZZ_CENTRAL_TERMINAL and "
		    "FUZZ_CENTRAL_KEY (tests/fuzz/run-central.sh does)", NULL);
	if ((f = fopen(keyfile, "r")) == NULL)
		die("cannot open", keyfile);
	if ((key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		die("not a private key in PEM", keyfile);
	fclose(f);
	pg = PQconnectdb(db);
	if (PQstatus(pg) != CONNECTION_OK)
		die("cannot connect", PQerrorMessage(pg));
	/* A hang becomes an error (57014), which aborts. */
	run("SET statement_timeout = '60s'");
	run("SET client_min_messages = error");
	quoted = PQescapeIdentifier(pg, role, strlen(role));
	if (quoted == NULL)
		die("role", PQerrorMessage(pg));
	n = strlen(quoted) + 32;
	if ((set_role = malloc(n)) == NULL)
		die("out of memory", NULL);
	snprintf(set_role, n, "SET SESSION AUTHORIZATION %s", quoted);
	PQfreemem(quoted);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*values[2], *state, *message;
	int		 lengths[2], formats[2] = { 1, 1 };
	uint8_t		*batch, *sig;
	size_t		 len, siglen;
	PGresult	*res;

	if (size > 1000000)
		return 0;
	batch = batch_of(data, size, &len);
	sig = sign(batch, len, &siglen);
	values[0] = (const char *)batch;
	values[1] = (const char *)sig;
	lengths[0] = (int)len;
	lengths[1] = (int)siglen;

	run("BEGIN");
	run(set_role);
	res = PQexecParams(pg, "SELECT count(*) FROM madoguchi.push($1::bytea, $2::bytea)",
	    2, NULL, values, lengths, formats, 0);
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		feedback(strcmp(PQgetvalue(res, 0, 0), "0") == 0 ? "taken: no conflict" :
		    "taken: conflicts");
		check_taken();
		break;
	case PGRES_FATAL_ERROR:
		if (PQstatus(pg) != CONNECTION_OK)
			die("the server went away", PQerrorMessage(pg));
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		if (!allowed(state))
			die(state != NULL ? state : "no SQLSTATE", PQresultErrorMessage(res));
		if (message != NULL && raw_control(message))
			die("a control character in the message", message);
		if (message != NULL)
			feedback(message);
		break;
	default:
		die("unexpected result", PQresultErrorMessage(res));
	}
	PQclear(res);
	run("ROLLBACK");
	free(batch);
	free(sig);
	return 0;
}
