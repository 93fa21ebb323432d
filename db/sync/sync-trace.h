/*
 * The sync client's clock and, with MADOGUCHI_SYNC_TRACE set, its trace of batches on
 * stderr for bench/central-load.sh.
 */
#ifndef SYNC_TRACE_H
#define SYNC_TRACE_H

/* Seconds on the monotonic clock. */
double	 sync_clock(void);

/*
 * "sync-trace KIND ROWS SECONDS END": push-arrived, push and pull are round trips to the
 * store, push-send the first part of a push, the batch handed to the kernel, and
 * push-after-send the rest to its answer's arrival, push-wait the client's wait for an
 * answer once its own work is done, apply is writing a pulled batch into the local
 * database; END is the wall clock when it ended, so that the bench can tell when the last
 * push of a round was stored.
 */
void	 sync_trace(const char *, int, double);

/*
 * When a push's answer reached the terminal. The client reads it only after making and
 * signing the next batch and marking the last one sent (push_all), which on a loaded
 * machine can take longer than the store took to answer; so with the trace on, a thread
 * watches the connection's socket from each push sent (arm) to its answer, and seen gives
 * the time it became readable (0 if it did not yet). NULL, and nothing, without the trace.
 */
struct answer_watch;
struct answer_watch *answer_watch_start(int);
void	 answer_watch_arm(struct answer_watch *);
double	 answer_watch_seen(struct answer_watch *);
void	 answer_watch_stop(struct answer_watch *);

#endif
