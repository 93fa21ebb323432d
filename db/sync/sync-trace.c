/* The sync client's clock and trace (sync-trace.h). */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sync/sync-trace.h"
#include "xmalloc.h"

struct answer_watch {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 armed_cond;
	int		 fd;
	int		 armed;		/* a push sent, its answer not seen yet */
	int		 stop;
	double		 seen;
};

static int
trace_on(void)
{
	static int	 on = -1;

	if (on == -1)
		on = getenv("MADOGUCHI_SYNC_TRACE") != NULL;
	return on;
}

double
sync_clock(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
sync_trace(const char *kind, int rows, double seconds)
{
	struct timespec	 ts;

	if (!trace_on())
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "sync-trace %s %d %.6f %lld.%06ld\n", kind, rows, seconds,
	    (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

/*
 * Waits to be armed, then polls the socket until it is readable (the answer's first
 * bytes) and notes the time. Polling reads nothing: libpq reads the answer later. The
 * timeout only lets a stop or a disarm be noticed.
 */
static void *
watch(void *arg)
{
	struct answer_watch	*w = arg;
	struct pollfd		 pfd;
	int			 readable;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->stop && !w->armed)
			pthread_cond_wait(&w->armed_cond, &w->lock);
		if (w->stop)
			break;
		pthread_mutex_unlock(&w->lock);
		pfd.fd = w->fd;
		pfd.events = POLLIN;
		readable = poll(&pfd, 1, 100) > 0;
		pthread_mutex_lock(&w->lock);
		if (readable && w->armed) {
			w->seen = sync_clock();
			w->armed = 0;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct answer_watch *
answer_watch_start(int fd)
{
	struct answer_watch	*w;

	if (!trace_on() || fd < 0)
		return NULL;
	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->armed_cond, NULL);
	if (pthread_create(&w->thread, NULL, watch, w) != 0) {
		pthread_cond_destroy(&w->armed_cond);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void
answer_watch_arm(struct answer_watch *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->armed = 1;
	w->seen = 0;
	pthread_cond_signal(&w->armed_cond);
	pthread_mutex_unlock(&w->lock);
}

double
answer_watch_seen(struct answer_watch *w)
{
	double	 seen;

	if (w == NULL)
		return 0;
	pthread_mutex_lock(&w->lock);
	seen = w->seen;
	w->armed = 0;
	pthread_mutex_unlock(&w->lock);
	return seen;
}

void
answer_watch_stop(struct answer_watch *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->armed_cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->armed_cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
