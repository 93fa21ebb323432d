/*
 * export-encrypt: drives the export core as the export run will (issue 21) — rows read as
 * TSV from standard input (one column per COLUMN argument), each column masked, the CSV
 * built in memory in the encoding asked, encrypted to the recipient's certificate, written
 * to FILE — so that the shell tests can open it with openssl.
 *
 *	export-encrypt CERT ENCODING FILE COLUMN[=MASK]... < rows.tsv
 *
 * Prints "rows R columns C sha256 HEX recipient FINGERPRINT"; a refusal's reason goes to
 * standard error, with exit 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export-cms.h"
#include "export/export-csv.h"
#include "export/export-mask.h"
#include "xmalloc.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = NULL;
	size_t	 n = 0, size = 0, got;

	if (f == NULL)
		return NULL;
	do {
		size += 65536;
		buf = xreallocarray(buf, size, 1);
		got = fread(buf + n, 1, size - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	struct export_bytes	 csv, enc;
	enum export_encoding	 encoding;
	enum export_mask	*masks;
	X509			*x;
	char			**header, **cells = NULL, *cert, *cause = NULL, *line = NULL;
	char			*p, *tab, sha[65], fpr[65];
	size_t			 ncols, nrows = 0, certlen, cap = 0, i;
	ssize_t			 got;

	if (argc < 5) {
		fprintf(stderr, "usage: export-encrypt CERT ENCODING FILE COLUMN[=MASK]...\n");
		return 2;
	}
	if ((cert = slurp(argv[1], &certlen)) == NULL) {
		perror(argv[1]);
		return 1;
	}
	if ((x = export_recipient_load(cert, certlen, &cause)) == NULL ||
	    export_encoding_parse(argv[2], &encoding, &cause) != 0)
		goto fail;
	ncols = (size_t)argc - 4;
	header = xcalloc(ncols, sizeof *header);
	masks = xcalloc(ncols, sizeof *masks);
	for (i = 0; i < ncols; i++) {
		header[i] = xstrdup(argv[4 + i]);
		masks[i] = EXPORT_MASK_NONE;
		if ((p = strchr(header[i], '=')) != NULL) {
			*p++ = '\0';
			if (export_mask_parse(p, &masks[i], &cause) != 0)
				goto fail;
		}
	}
	while ((got = getline(&line, &cap, stdin)) > 0) {
		if (line[got - 1] == '\n')
			line[got - 1] = '\0';
		cells = xreallocarray(cells, (nrows + 1) * ncols, sizeof *cells);
		p = line;
		for (i = 0; i < ncols; i++) {
			if ((tab = strchr(p, '\t')) != NULL)
				*tab = '\0';
			if (export_mask_apply(masks[i], p, &cells[nrows * ncols + i], &cause) != 0)
				goto fail;
			p = tab != NULL ? tab + 1 : p + strlen(p);
		}
		nrows++;
	}
	if (export_csv_build((const char *const *)header, ncols, (const char *const *)cells,
	    nrows, encoding, &csv, &cause) != 0 ||
	    export_cms_encrypt(x, &csv, &enc, &cause) != 0 ||
	    export_write_file(argv[3], &enc, &cause) != 0)
		goto fail;
	export_sha256_hex(enc.data, enc.len, sha);
	export_recipient_fingerprint(x, fpr);
	printf("rows %zu columns %zu sha256 %s recipient %s\n", nrows, ncols, sha, fpr);
	export_bytes_free(&csv);
	export_bytes_free(&enc);
	return 0;
fail:
	fprintf(stderr, "export-encrypt: %s\n", cause);
	return 1;
}
