/*
 * The desk's side of the print helper (print-wire.h): PDF rendering (cairo, pango,
 * libqrencode) and printing (libcups) run in /usr/libexec/madoguchi/madoguchi-print,
 * started for each request, so that neither the privileged monitor nor the screen process
 * maps those libraries and what they parse (fonts, IPP answers).
 *
 * The helper runs as the caller runs, with nothing of the caller's but its request: every
 * other file descriptor is closed before the exec, so that the database, the monitor's
 * socket and the terminal stay here. A document is written into a file this process made
 * (mode 0600, beside its final name), handed to the helper as its descriptor 3: the helper
 * needs no directory it may write in. The file gets its final name only after the helper
 * said it is done and the bytes are on disk; a helper that fails, dies or hangs leaves
 * nothing behind, and the caller gets a message that says which.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cert/cert-cups.h"
#include "cert/cert-pdf.h"
#include "cert/print-wire.h"
#include "cert/report-pdf.h"
#include "cert/slip-pdf.h"
#include "helper-path.h"
#include "i18n.h"
#include "xmalloc.h"

#define PRINT_PROGRAM		"madoguchi-print"
/* The longest a document takes to draw, on the slowest terminal, many times over. */
#define PRINT_RENDER_SECONDS	60

static void	print_child(const char *, int, int) __attribute__((noreturn));
static int	print_call(const struct print_buf *, int, int, enum print_type, int *,
		    char **);
static int	print_document(const struct print_buf *, const char *, char **);

/* In the child: the request's socket as standard input and output, out as descriptor 3. */
static void
print_child(const char *path, int sock, int out)
{
	struct print_buf	 ans;
	char			*argv[] = { (char *)PRINT_PROGRAM, NULL };
	char			*why, *ignored = NULL;
	int			 null;

	/*
	 * dup2 onto itself keeps close-on-exec: a file that already is descriptor 3 (a
	 * tool with nothing else open) is handed over by clearing the flag instead.
	 */
	if (dup2(sock, STDIN_FILENO) == -1 || dup2(sock, STDOUT_FILENO) == -1 ||
	    (out == 3 ? fcntl(3, F_SETFD, 0) : out != -1 ? dup2(out, 3) : close(3)) == -1)
		_exit(127);
	/* fontconfig and CUPS may talk on stderr: not onto the screen the person reads. */
	if ((null = open("/dev/null", O_WRONLY)) != -1 && null != STDERR_FILENO) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	closefrom(4);
	signal(SIGPIPE, SIG_DFL);
	execv(path, argv);
	xasprintf(&why, _("cannot start the print helper %s: %s"), path, strerror(errno));
	print_encode_answer(&ans, PRINT_ANS_ERROR, 0, why);
	(void)print_write_frame(STDOUT_FILENO, &ans, &ignored);
	_exit(127);
}

/* Whether the helper wrote something to read (its error) without waiting for it. */
static int
answer_waiting(int fd)
{
	struct pollfd	 pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/*
 * Sends req to a new helper and reads its answer, which must be want (PRINT_ANS_DONE or
 * PRINT_ANS_JOB, then *job) or an error. Waits at most seconds for the answer.
 */
static int
print_call(const struct print_buf *req, int out, int seconds, enum print_type want,
    int *job, char **cause)
{
	struct timeval		 tv = { seconds, 0 };
	struct pollfd		 pfd;
	struct print_buf	 ans;
	enum print_type		 type;
	pid_t			 pid;
	char			*path, *why = NULL;
	char			*unread = NULL;
	int			 sv[2], status = 0, ready, timed_out = 0, rc = -1, wrote;

	*job = 0;
	*cause = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		xasprintf(cause, _("cannot start the print helper: %s"), strerror(errno));
		return -1;
	}
	path = helper_path(PRINT_PROGRAM);
	if ((pid = fork()) == -1) {
		xasprintf(cause, _("cannot start the print helper: %s"), strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(path);
		return -1;
	}
	if (pid == 0)
		print_child(path, sv[1], out);
	close(sv[1]);
	/* Backstops for a helper that stops half-way through a frame. */
	(void)setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	/*
	 * A helper that could not start says why and ends, maybe before the request is all
	 * written (EPIPE): its answer is read all the same, for it says more than the pipe.
	 */
	wrote = print_write_frame(sv[0], req, &why) == 0;
	if (wrote || answer_waiting(sv[0])) {
		/* One request per helper: the end of it is the end of its input. */
		(void)shutdown(sv[0], SHUT_WR);
		pfd.fd = sv[0];
		pfd.events = POLLIN;
		while ((ready = poll(&pfd, 1, seconds * 1000)) == -1 && errno == EINTR)
			;
		if (ready == 0) {
			/* A helper that said nothing in time is not waited for any longer. */
			timed_out = 1;
			kill(pid, SIGKILL);
		} else if (print_read_frame(sv[0], &ans, wrote ? &why : &unread) == 0) {
			/* An answer came: the write's failure, if any, is not the story. */
			free(why);
			why = NULL;
			if (print_decode_answer(&ans, &type, job, cause) == 0) {
				if (type == want)
					rc = 0;
				else if (type != PRINT_ANS_ERROR)
					xasprintf(cause, _("the print helper's answer is "
					    "malformed"));
			}
			print_buf_free(&ans);
		}
	}
	close(sv[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	/* No answer: what happened to the helper says more than the socket. */
	if (timed_out)
		xasprintf(cause, _("the print helper %s did not answer within %d s"), path,
		    seconds);
	else if (why != NULL && WIFSIGNALED(status))
		xasprintf(cause, _("the print helper %s ended without answering (signal %d)"),
		    path, WTERMSIG(status));
	else if (why != NULL)
		xasprintf(cause, _("the print helper %s ended without answering (exit "
		    "status %d): %s"), path, WEXITSTATUS(status), why);
	free(why);
	free(unread);
	free(path);
	return rc;
}

/* Has the helper draw req into path, which appears only whole and on disk. */
static int
print_document(const struct print_buf *req, const char *path, char **cause)
{
	char	*tmp;
	int	 fd, job, rc;

	*cause = NULL;
	xasprintf(&tmp, "%s.tmp", path);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	rc = print_call(req, fd, PRINT_RENDER_SECONDS, PRINT_ANS_DONE, &job, cause);
	if (rc == 0 && fsync(fd) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		rc = -1;
	}
	if (close(fd) != 0 && rc == 0) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

int
cert_pdf_write(const struct cert_pdf *doc, const char *path, char **cause)
{
	struct print_buf	 req;
	int			 rc;

	print_encode_certificate(&req, doc);
	rc = print_document(&req, path, cause);
	print_buf_free(&req);
	return rc;
}

int
slip_pdf_write(const struct cert_pdf *doc, const char *path, char **cause)
{
	struct print_buf	 req;
	int			 rc;

	print_encode_slip(&req, doc);
	rc = print_document(&req, path, cause);
	print_buf_free(&req);
	return rc;
}

int
report_pdf_write(const char *path, const char *title, char *const *head, size_t nhead,
    char *const *rows, size_t nrows, char **cause)
{
	struct print_buf	 req;
	int			 rc;

	print_encode_report(&req, title, head, nhead, rows, nrows);
	if (req.len - PRINT_HEADER > PRINT_BODY_MAX) {
		xasprintf(cause, _("the report is too long to print (%zu bytes, at most %d)"),
		    req.len, PRINT_BODY_MAX);
		print_buf_free(&req);
		return -1;
	}
	rc = print_document(&req, path, cause);
	print_buf_free(&req);
	return rc;
}

/*
 * Sends path to the CUPS queue printer and follows the job to its end (cert-cups.c, in the
 * helper). *job is the CUPS job, also when it failed after it was sent.
 */
int
cert_cups_print(const char *printer, const char *title, const char *path, int wait_seconds,
    int *job, char **cause)
{
	struct print_buf	 req;
	int			 rc;

	if (wait_seconds < 0 || wait_seconds > PRINT_WAIT_MAX)
		wait_seconds = PRINT_WAIT_MAX;
	print_encode_print(&req, printer, title, path, wait_seconds);
	rc = print_call(&req, -1, wait_seconds + PRINT_RENDER_SECONDS, PRINT_ANS_JOB, job,
	    cause);
	print_buf_free(&req);
	return rc;
}
