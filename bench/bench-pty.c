/* A program under a pseudo-terminal, for the benchmarks (bench-pty.h). */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-pty.h"
#include "bench-util.h"

void
bench_pty_start(struct bench_pty *p, char *const argv[])
{
	struct winsize	 ws = { 24, 80, 0, 0 };
	char		*name;
	int		 slave;

	memset(p, 0, sizeof *p);
	if ((p->master = posix_openpt(O_RDWR | O_NOCTTY)) == -1 || grantpt(p->master) != 0 ||
	    unlockpt(p->master) != 0 || (name = ptsname(p->master)) == NULL)
		bench_die("pty", strerror(errno));
	(void)ioctl(p->master, TIOCSWINSZ, &ws);
	if ((p->pid = fork()) == 0) {
		setsid();
		if ((slave = open(name, O_RDWR)) == -1)
			_exit(127);
		(void)ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		close(p->master);
		execv(argv[0], argv);
		_exit(127);
	}
	if (p->pid < 0)
		bench_die("fork", strerror(errno));
}

/* What the program wrote, appended; the tail kept when full (a text may straddle reads). */
static ssize_t
pty_read(struct bench_pty *p)
{
	ssize_t	 r;

	if (p->have > sizeof p->buf / 2) {
		memmove(p->buf, p->buf + p->have - 256, 256);
		p->have = 256;
	}
	if ((r = read(p->master, p->buf + p->have, sizeof p->buf - p->have)) > 0)
		p->have += (size_t)r;
	return r;
}

double
bench_pty_wait(struct bench_pty *p, const char *want, double timeout)
{
	struct pollfd	 pfd = { p->master, POLLIN, 0 };
	double		 end = bench_now() + timeout;
	int		 ms;

	for (;;) {
		if (want != NULL && memmem(p->buf, p->have, want, strlen(want)) != NULL)
			return bench_now();
		if ((ms = (int)((end - bench_now()) * 1000)) <= 0)
			return -1;
		if (poll(&pfd, 1, ms) <= 0)
			return -1;
		if (pty_read(p) <= 0)
			return want == NULL ? bench_now() : -1;
	}
}

double
bench_pty_settle(struct bench_pty *p, double first, double quiet)
{
	struct pollfd	 pfd = { p->master, POLLIN, 0 };
	double		 last = -1;

	while (poll(&pfd, 1, (int)((last < 0 ? first : quiet) * 1000)) > 0) {
		if (pty_read(p) <= 0)
			break;
		last = bench_now();
	}
	return last;
}

double
bench_pty_send(struct bench_pty *p, const char *bytes, size_t len)
{
	double	 t = bench_now();

	if (write(p->master, bytes, len) != (ssize_t)len)
		bench_die("pty", "cannot write the keys");
	return t;
}

void
bench_pty_forget(struct bench_pty *p)
{
	p->have = 0;
}

void
bench_pty_stop(struct bench_pty *p)
{
	int	 status;

	kill(p->pid, SIGTERM);
	close(p->master);
	waitpid(p->pid, &status, 0);
}
