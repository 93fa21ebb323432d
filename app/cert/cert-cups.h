/*
 * Certificates through CUPS (libcups): submit the sealed PDF to the configured queue and
 * follow the job to its end (completed, aborted, cancelled, a stopped printer, or not done
 * in time, then cancelled), and the queue's state for the status command.
 */
#ifndef CERT_CUPS_H
#define CERT_CUPS_H

/*
 * 0 when CUPS completed the job; -1 and why otherwise (the job, if one was made, is
 * cancelled so that nothing prints later). *job gets CUPS's job id, 0 if none was made.
 * cert_cups_print asks the print helper (print-client.c), which calls cert_cups_submit.
 */
int	 cert_cups_print(const char *, const char *, const char *, int, int *, char **);
int	 cert_cups_submit(const char *, const char *, const char *, int, int *, char **);
/* 0 when the queue takes jobs now; *state says its state either way (allocated). */
int	 cert_cups_check(const char *, char **, char **);

#endif
