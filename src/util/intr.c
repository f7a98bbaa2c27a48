/*
 * intr.c - the stop-request flag set by SIGINT/SIGTERM (intr.h).
 */
#include "intr.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t requested;

static void on_signal(int sig)
{
	if (requested) {
		/* asked twice: stop now, with the default action */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	requested = 1;
}

void intr_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int intr_requested(void)
{
	return requested != 0;
}

void intr_request(void)
{
	requested = 1;
}

void intr_test_point(const char *name)
{
	static long passed;
	const char *at = getenv("LEDGERLIFT_TEST_SIGNAL_AT"), *c;
	size_t n = strlen(name);
	long want = 0;

	if (!at || strncmp(at, name, n) != 0 || at[n] != ':')
		return;
	for (c = at + n + 1; *c >= '0' && *c <= '9' && want < 100000000; c++)
		want = want * 10 + (*c - '0');
	if (++passed == want)
		raise(SIGTERM);
}
