/*
 * The requests the desk sends to its print helper, madoguchi-print, and the answers
 * (print-client.c sends, app/madoguchi-print.c answers).
 *
 * One request per helper process, on its standard input; one answer on its standard
 * output. Both are a 4-byte big-endian body length and the body: a type byte and the
 * fields of that type. Integers are 4-byte big-endian; a string is a 4-byte length and
 * that many bytes, without NUL. Every length and count is checked against the limits
 * below before anything is allocated, and a body with bytes left over is refused: the
 * helper takes nothing on trust, and neither does the desk from the helper.
 *
 *	'C' certificate	title, issuer, record, note, n, n x (label, value) -> PDF on fd 3
 *	'S' slip	the same fields as a certificate (slip-pdf.h)        -> PDF on fd 3
 *	'R' report	title, n, n x head line, m, m x row                 -> PDF on fd 3
 *	'P' print	printer, title, path, wait seconds                  -> job
 *
 *	'K' done	-
 *	'J' job		CUPS job number
 *	'E' error	CUPS job number or 0, cause
 */
#ifndef PRINT_WIRE_H
#define PRINT_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define PRINT_HEADER		4
#define PRINT_BODY_MAX		(4 * 1024 * 1024)	/* a year's disclosure fits */
#define PRINT_STRING_MAX	65536
#define PRINT_COUNT_MAX		100000
#define PRINT_WAIT_MAX		3600

enum print_type {
	PRINT_REQ_CERTIFICATE = 'C',
	PRINT_REQ_SLIP = 'S',
	PRINT_REQ_REPORT = 'R',
	PRINT_REQ_PRINT = 'P',
	PRINT_ANS_DONE = 'K',
	PRINT_ANS_JOB = 'J',
	PRINT_ANS_ERROR = 'E',
};

struct cert_pdf;

/* A frame being built. */
struct print_buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 size;
};

/* A request, decoded: the strings point into the decoder's copies (print_request_free). */
struct print_request {
	enum print_type	 type;
	char		*title;
	char		*issuer;	/* certificate, slip: NULL when none */
	char		*record;
	char		*note;		/* certificate: NULL when none */
	char		**labels;	/* certificate: n labels and n values */
	char		**values;
	size_t		 n;
	char		**head;		/* report */
	size_t		 nhead;
	char		**rows;
	size_t		 nrows;
	char		*printer;	/* print */
	char		*path;
	int		 wait_seconds;
};

void	 print_buf_free(struct print_buf *);
void	 print_encode_certificate(struct print_buf *, const struct cert_pdf *);
void	 print_encode_slip(struct print_buf *, const struct cert_pdf *);
void	 print_encode_report(struct print_buf *, const char *, char *const *, size_t,
	    char *const *, size_t);
void	 print_encode_print(struct print_buf *, const char *, const char *, const char *,
	    int);
void	 print_encode_answer(struct print_buf *, enum print_type, int, const char *);

int	 print_read_frame(int, struct print_buf *, char **);
int	 print_write_frame(int, const struct print_buf *, char **);

int	 print_decode_request(const struct print_buf *, struct print_request *, char **);
void	 print_request_free(struct print_request *);
int	 print_decode_answer(const struct print_buf *, enum print_type *, int *, char **);

#endif
