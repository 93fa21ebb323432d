/*
 * bench/export [N [DIR]]: N synthetic holders (default 100,000) exported as the export
 * run does it: each row masked (name to the family name, address to its municipality,
 * birth date to the year), the CSV built in memory, encrypted with CMS AES-256-GCM to a
 * recipient certificate. Prints the time of each step, the total and the peak memory
 * (issue 21 targets: < 3 s, < 64 MiB), and as the anchor `openssl cms -encrypt` of the
 * same plaintext (which only the benchmark writes to a file: the product never does).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-util.h"
#include "export/export-cms.h"
#include "export/export-csv.h"
#include "export/export-mask.h"
#include "synth.h"
#include "xmalloc.h"

#define NCOLS	5

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		bench_die("cannot read", path);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		bench_die("cannot read", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The rows of n synthetic holders, each column masked: what the export run exports. */
static char **
masked_rows(long n)
{
	static const enum export_mask mask[NCOLS] = { EXPORT_MASK_FAMILY_ONLY,
	    EXPORT_MASK_MUNICIPALITY, EXPORT_MASK_YEAR, EXPORT_MASK_NONE, EXPORT_MASK_NONE };
	struct synth_person	 p;
	char			**cells, *cause = NULL, raw[NCOLS][160];
	long			 i;
	size_t			 c;

	cells = xcalloc((size_t)n * NCOLS, sizeof *cells);
	for (i = 0; i < n; i++) {
		synth_person(42, (uint64_t)i, &p);
		snprintf(raw[0], sizeof raw[0], "%s %s", p.family, p.given);
		snprintf(raw[1], sizeof raw[1], "%s%s", p.address1, p.address2);
		snprintf(raw[2], sizeof raw[2], "%04d-%02d-%02d", p.birth.y, p.birth.m,
		    p.birth.d);
		snprintf(raw[3], sizeof raw[3], "%s", p.postal);
		snprintf(raw[4], sizeof raw[4], "%d", p.sex);
		for (c = 0; c < NCOLS; c++) {
			if (export_mask_apply(mask[c], raw[c], &cells[i * NCOLS + c],
			    &cause) != 0)
				bench_die("mask", cause);
		}
	}
	return cells;
}

/*
 * The anchor: `openssl cms -encrypt` of the same plaintext, from a file. The file is
 * written by a child, and openssl started from this process while it is still small, so
 * that openssl's own peak memory is what wait4 reports.
 */
static void
anchor(long n, const char *dir, double *seconds, double *mib)
{
	static const char *const header[NCOLS] = { "name", "address", "birth", "postal",
	    "sex" };
	struct export_bytes	 csv;
	struct rusage		 ru;
	char			*path, *out, *pem, **cells, *cause = NULL;
	pid_t			 pid;
	int			 status;
	double			 t;
	FILE			*f;

	xasprintf(&path, "%s/plain.csv", dir);
	if ((pid = fork()) == 0) {
		cells = masked_rows(n);
		if (export_csv_build(header, NCOLS, (const char *const *)cells, (size_t)n,
		    EXPORT_UTF8_BOM, &csv, &cause) != 0)
			bench_die("csv", cause);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(csv.data, 1, csv.len, f) != csv.len || fclose(f) != 0)
			bench_die("cannot write", path);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		bench_die("cannot write the anchor's plaintext", path);
	xasprintf(&out, "%s/anchor.p7m", dir);
	xasprintf(&pem, "%s/recipient.pem", dir);
	t = bench_now();
	if ((pid = fork()) == 0) {
		execlp("openssl", "openssl", "cms", "-encrypt", "-aes-256-gcm", "-binary",
		    "-outform", "DER", "-in", path, "-out", out, pem, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || status != 0)
		bench_die("openssl cms -encrypt failed", path);
	*seconds = bench_now() - t;
	*mib = ru.ru_maxrss / 1024.0;
	(void)unlink(path);
	free(path);
	free(out);
	free(pem);
}

int
main(int argc, char **argv)
{
	static const char *const header[NCOLS] = { "name", "address", "birth", "postal",
	    "sex" };
	struct export_bytes	 csv, enc;
	struct rusage		 ru;
	X509			*x;
	long			 n = argc > 1 ? atol(argv[1]) : 100000, i;
	const char		*dir = argc > 2 ? argv[2] : "bench-export";
	char			**cells, *cmd, *path, *cert, *cause = NULL;
	size_t			 certlen;
	double			 t0, t1, t2, t3, ta, amib;

	if (n < 1)
		bench_die("usage", "bench/export [N [DIR]]");
	(void)mkdir(dir, 0700);
	xasprintf(&cmd, "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s/recipient.key "
	    "-out %s/recipient.pem -subj /CN=bench -days 2 > /dev/null 2>&1", dir, dir);
	if (system(cmd) != 0)
		bench_die("cannot make the recipient's certificate", cmd);
	free(cmd);
	anchor(n, dir, &ta, &amib);

	xasprintf(&path, "%s/recipient.pem", dir);
	cert = slurp(path, &certlen);
	if ((x = export_recipient_load(cert, certlen, &cause)) == NULL)
		bench_die("recipient", cause);
	t0 = bench_now();
	cells = masked_rows(n);
	t1 = bench_now();
	if (export_csv_build(header, NCOLS, (const char *const *)cells, (size_t)n,
	    EXPORT_UTF8_BOM, &csv, &cause) != 0)
		bench_die("csv", cause);
	t2 = bench_now();
	if (export_cms_encrypt(x, &csv, &enc, &cause) != 0)
		bench_die("cms", cause);
	t3 = bench_now();
	getrusage(RUSAGE_SELF, &ru);
	printf("holders:   %ld, %zu bytes of CSV, %zu bytes encrypted\n", n, csv.len, enc.len);
	printf("mask:      %.3f s\n", t1 - t0);
	printf("csv:       %.3f s\n", t2 - t1);
	printf("encrypt:   %.3f s\n", t3 - t2);
	printf("total:     %.3f s (target < 3 s)\n", t3 - t0);
	printf("peak RSS:  %.1f MiB (target < 64 MiB)\n", ru.ru_maxrss / 1024.0);
	printf("anchor:    openssl cms -encrypt of the same CSV: %.3f s, peak RSS %.1f MiB\n",
	    ta, amib);
	printf("encrypt/anchor: %.2f\n", (t3 - t2) / ta);
	for (i = 0; i < n * NCOLS; i++)
		free(cells[i]);
	free(cells);
	free(path);
	export_bytes_free(&csv);
	export_bytes_free(&enc);
	X509_free(x);
	free(cert);
	return 0;
}
