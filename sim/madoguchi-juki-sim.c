/* sim/: the Juki-net gateway simulator, the other party to the file contract.
 * May use: lib/ but not its Juki codec (scripts/check-layers). */
/*
 * madoguchi-juki-sim: a stand-in for the office's 住基連携サーバ. It watches the outbound
 * spool for request files, answers them from a synthetic population and writes the result
 * files into the inbound spool, optionally late and optionally broken.
 *
 *	madoguchi-juki-sim --outbound DIR --inbound DIR [--seed N] [--residents N]
 *	    [--latency-ms N] [--fault KIND] [--created YYYYMMDDhhmmss] [--once]
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sim.h"
#include "xmalloc.h"

#define POLL_MS		200

static volatile sig_atomic_t	 stop;

struct sim {
	const char		*outbound;
	const char		*inbound;
	const char		*created;
	long			 latency_ms;
	enum sim_fault		 fault;
	struct sim_world	*world;
	struct sim_cp932	*cp;
};

static void	usage(void) __attribute__((noreturn));
static void	help(void) __attribute__((noreturn));
static void	on_signal(int);
static int	read_all(const char *, char **, size_t *);
static int	write_atomic(const char *, const char *, const char *, size_t);
static void	reject(struct sim *, const char *, const char *);
static int	answer(struct sim *, const char *);
static int	pass(struct sim *);
static int	cmp_str(const void *, const void *);

static void
usage(void)
{
	fprintf(stderr, "usage: madoguchi-juki-sim --outbound DIR --inbound DIR [--seed N] "
	    "[--residents N]\n\t[--latency-ms N] [--fault KIND] [--created "
	    "YYYYMMDDhhmmss] [--once]\n"
	    "faults: count checksum truncated nul encoding terminal unknown duplicate "
	    "length lf gaiji\n");
	exit(2);
}

static void
help(void)
{
	printf("usage: madoguchi-juki-sim --outbound DIR --inbound DIR [options]\n"
	    "The Juki-net side of the file linkage, for tests and demonstrations: it answers\n"
	    "each request file that appears in the outbound spool (DIR the terminal writes)\n"
	    "with a result file in the inbound spool, from a synthetic resident dataset.\n"
	    "Never on a terminal in service.\n\n"
	    "  --outbound DIR           request files to answer\n"
	    "  --inbound DIR            where the result files go\n"
	    "  --seed N                 dataset seed (default 1)\n"
	    "  --residents N            residents in the dataset (default 10000, at most "
	    "10000000)\n"
	    "  --latency-ms N           wait this long before each answer\n"
	    "  --fault KIND             write faulty result files: count checksum truncated nul\n"
	    "                           encoding terminal unknown duplicate length lf gaiji\n"
	    "  --created YYYYMMDDhhmmss creation time written in the files (default now)\n"
	    "  --once                   answer what is there, then exit\n"
	    "  --help                   this text\n"
	    "  --version                print the version\n\n"
	    "Exit status: 0 when stopped (SIGINT, SIGTERM) or after --once, 1 on an error,\n"
	    "2 for a bad command line.\n");
	exit(0);
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
read_all(const char *path, char **out, size_t *len)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	buf = xmalloc(sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		n = read(fd, buf + got, sb.st_size - got);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		got += n;
	}
	close(fd);
	*out = buf;
	*len = got;
	return 0;
}

/* The gateway's own atomic write: a hidden temporary, fsync, rename. */
static int
write_atomic(const char *dir, const char *name, const char *data, size_t len)
{
	char	*tmp, *final;
	ssize_t	 n;
	int	 fd, rc = -1;

	xasprintf(&tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	xasprintf(&final, "%s/%s", dir, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) == -1)
		goto out;
	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(tmp);
			goto out;
		}
		data += n;
		len -= n;
	}
	if (fsync(fd) == -1 || close(fd) == -1 || rename(tmp, final) == -1) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(final);
	return rc;
}

/* A request file the gateway cannot read goes to outbound/.rejected, not answered. */
static void
reject(struct sim *s, const char *name, const char *why)
{
	char	*dir, *from, *to;

	xasprintf(&dir, "%s/.rejected", s->outbound);
	xasprintf(&from, "%s/%s", s->outbound, name);
	xasprintf(&to, "%s/%s", dir, name);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST)
		fprintf(stderr, "madoguchi-juki-sim: mkdir %s: %s\n", dir, strerror(errno));
	if (rename(from, to) == -1)
		fprintf(stderr, "madoguchi-juki-sim: rename %s: %s\n", from, strerror(errno));
	fprintf(stderr, "madoguchi-juki-sim: %s rejected: %s\n", name, why);
	free(dir);
	free(from);
	free(to);
}

static int
answer(struct sim *s, const char *name)
{
	struct sim_request_file	 rf;
	struct sim_answer	*ans = NULL;
	size_t			 len, nans = 0, outlen;
	char			*path, *data = NULL, *out = NULL, *err = NULL, *resname;
	int			 rc = -1;

	xasprintf(&path, "%s/%s", s->outbound, name);
	if (read_all(path, &data, &len) != 0) {
		fprintf(stderr, "madoguchi-juki-sim: cannot read %s: %s\n", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	if (sim_request_read(s->cp, data, len, &rf, &err) != 0) {
		reject(s, name, err);
		free(err);
		free(data);
		free(path);
		return -1;
	}
	sim_world_answer(s->world, &rf, &ans, &nans);
	if (sim_result_write(s->cp, &rf, ans, nans, s->created, s->fault, &out, &outlen,
	    &err) != 0) {
		reject(s, name, err);
		free(err);
		goto out;
	}
	if (s->latency_ms > 0)
		clock_sleep_ms(s->latency_ms, &stop);
	xasprintf(&resname, "JKRES_%s.dat", rf.file_id);
	if (write_atomic(s->inbound, resname, out, outlen) != 0) {
		fprintf(stderr, "madoguchi-juki-sim: cannot write %s/%s: %s\n", s->inbound,
		    resname, strerror(errno));
	} else {
		/* Taken: the request leaves the outbound spool once answered. */
		unlink(path);
		printf("%s: %zu queries, %zu result records -> %s%s%s\n", name, rf.n, nans,
		    resname, s->fault != SIM_FAULT_NONE ? " fault " : "",
		    s->fault != SIM_FAULT_NONE ? sim_fault_name(s->fault) : "");
		fflush(stdout);
		rc = 0;
	}
	free(resname);
out:
	sim_request_free(&rf);
	free(ans);
	free(out);
	free(data);
	free(path);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
pass(struct sim *s)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL;
	size_t		 n = 0, i, len;
	int		 failed = 0;

	if ((d = opendir(s->outbound)) == NULL) {
		fprintf(stderr, "madoguchi-juki-sim: %s: %s\n", s->outbound, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (strncmp(de->d_name, "JKREQ_", 6) != 0 || len < 11 ||
		    strcmp(de->d_name + len - 4, ".dat") != 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		if (!stop && answer(s, names[i]) != 0)
			failed = 1;
		free(names[i]);
	}
	free(names);
	return failed ? -1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "outbound", required_argument, NULL, 'o' },
		{ "inbound", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "residents", required_argument, NULL, 'r' },
		{ "latency-ms", required_argument, NULL, 'l' },
		{ "fault", required_argument, NULL, 'f' },
		{ "created", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, '1' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sim		 s;
	struct sigaction	 sa;
	unsigned long long	 seed = 1, residents = 10000;
	char			*end;
	int			 ch, once = 0, rc;

	memset(&s, 0, sizeof s);
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			s.outbound = optarg;
			break;
		case 'i':
			s.inbound = optarg;
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0')
				usage();
			break;
		case 'r':
			residents = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || residents > 10000000)
				usage();
			break;
		case 'l':
			s.latency_ms = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || s.latency_ms < 0)
				usage();
			break;
		case 'f':
			if (sim_fault_parse(optarg, &s.fault) != 0)
				usage();
			break;
		case 'c':
			if (strlen(optarg) != 14 || strspn(optarg, "0123456789") != 14)
				usage();
			s.created = optarg;
			break;
		case '1':
			once = 1;
			break;
		case 'h':
			help();
		case 'V':
			printf("madoguchi-juki-sim %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc || s.outbound == NULL || s.inbound == NULL)
		usage();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	sim_layout_init();
	if ((s.cp = sim_cp932_open()) == NULL) {
		fprintf(stderr, "madoguchi-juki-sim: iconv has no CP932\n");
		return 1;
	}
	s.world = sim_world_new(seed, residents);
	if (once)
		rc = pass(&s) == 0 ? 0 : 1;
	else {
		rc = 0;
		while (!stop) {
			pass(&s);
			clock_sleep_ms(POLL_MS, &stop);
		}
	}
	sim_world_free(s.world);
	sim_cp932_close(s.cp);
	return rc;
}
