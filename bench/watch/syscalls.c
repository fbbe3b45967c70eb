/* Nanoseconds per system call (getppid, and a 1-byte write to /dev/null), the cost `ifwho
 * watch`'s BPF request tracer adds to every process: run it without and with the watcher.
 * Two clocks: the wall clock, and the CPU time this thread was given (CLOCK_THREAD_CPUTIME_ID),
 * which on a shared machine does not count the time other processes held the CPU. The best of
 * several rounds is kept: the minimum is the cost, the rest is noise. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

struct best {
	double wall, cpu;
};

static void keep(struct best *b, double wall, double cpu, long n)
{
	if (wall / n < b->wall)
		b->wall = wall / n;
	if (cpu / n < b->cpu)
		b->cpu = cpu / n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 5000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	int fd = open("/dev/null", O_WRONLY);
	struct best pp = {1e18, 1e18}, wr = {1e18, 1e18};
	for (int round = 0; round < rounds; round++) {
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
		for (long i = 0; i < n; i++)
			getppid();
		double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_THREAD_CPUTIME_ID);
		for (long i = 0; i < n; i++)
			if (write(fd, "x", 1) != 1)
				return 1;
		double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_THREAD_CPUTIME_ID);
		keep(&pp, w1 - w0, c1 - c0, n);
		keep(&wr, w2 - w1, c2 - c1, n);
	}
	printf("getppid %.1f ns (cpu %.1f)  write %.1f ns (cpu %.1f)\n", pp.wall, pp.cpu, wr.wall,
	       wr.cpu);
	return 0;
}
