/*
 * Parse-ahead workers (see prefetch.h). Workers claim files in order and
 * never run more than WINDOW files ahead of the linter, so memory stays
 * bounded however many files there are. Errors (an unreadable file) are
 * kept with the file and reported when the linter reaches it, so the
 * messages come out in the same order as without threads.
 *
 * Wake-ups are rationed, as they cost more than a small file's parse: a
 * worker signals the linter only when it finished the very file the
 * linter waits for, and workers stopped by the window are woken only
 * once half of it is free again.
 */
#include "gate/prefetch.h"
#include "core/error.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW 64
#define NONE ((size_t)-1)

struct slot {
	char *data; /* owned: the file as read */
	sg_lint_input *in; /* owned */
	char *error;       /* owned message, when reading failed */
	int rc;
	bool done;
};

struct sg_prefetch {
	const sg_source_list *files;
	struct slot *slots; /* owned: one per file */
	size_t next_claim;  /* next file a worker takes */
	size_t consumed;    /* files the linter has finished with */
	size_t awaited;     /* the file the linter waits for, or NONE */
	int idle_workers;   /* workers waiting for room in the window */
	bool stopping;
	pthread_mutex_t lock;
	pthread_cond_t ready; /* a file the linter waits for is prepared */
	pthread_cond_t room;  /* workers may claim files again */
	pthread_t *threads;
	int nr_threads;
};

static void prepare(struct sg_prefetch *p, size_t i)
{
	struct slot *s = &p->slots[i];
	size_t len = 0;

	s->rc = sg_read_file(p->files->items[i].path, SG_MAX_FILE_BYTES, &s->data, &len);
	if (s->rc < 0)
		s->error = xstrdup(sg_error_last());
	else
		sg_lint_prepare(&s->in, s->data, len);
}

static void *worker(void *arg)
{
	struct sg_prefetch *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		size_t i;

		while (!p->stopping && p->next_claim < p->files->nr &&
		       p->next_claim >= p->consumed + WINDOW) {
			p->idle_workers++;
			pthread_cond_wait(&p->room, &p->lock);
			p->idle_workers--;
		}
		if (p->stopping || p->next_claim >= p->files->nr)
			break;
		i = p->next_claim++;
		pthread_mutex_unlock(&p->lock);
		prepare(p, i);
		pthread_mutex_lock(&p->lock);
		p->slots[i].done = true;
		if (p->awaited == i)
			pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->lock);
	sg_error_release();
	return NULL;
}

/*
 * One core is left to the thread that lints: it is the run's critical
 * path (the parse is the cheaper half since pg_raw.c), and a worker on
 * every core made it wait for one.
 */
int sg_prefetch_threads(size_t files)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > 8)
		n = 8;
	return files < 2 ? 0 : (int)(n > 1 ? n - 1 : 1);
}

sg_prefetch *sg_prefetch_start(const sg_source_list *files, int threads)
{
	sg_prefetch *p = xcalloc(1, sizeof(*p));
	int i;

	p->files = files;
	p->slots = xcalloc(files->nr ? files->nr : 1, sizeof(*p->slots));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
	p->awaited = NONE;
	p->threads = xcalloc((size_t)(threads > 0 ? threads : 1), sizeof(pthread_t));
	for (i = 0; i < threads; i++)
		if (pthread_create(&p->threads[p->nr_threads], NULL, worker, p) == 0)
			p->nr_threads++;
	return p;
}

static void free_slot(struct slot *s)
{
	sg_lint_input_free(s->in);
	free(s->data);
	free(s->error);
	memset(s, 0, sizeof(*s));
}

int sg_prefetch_next(sg_prefetch *p, size_t i, const sg_lint_input **in, const char **text)
{
	struct slot *s = &p->slots[i];
	bool mine = false;

	pthread_mutex_lock(&p->lock);
	if (i > 0) {
		free_slot(&p->slots[i - 1]);
		p->consumed = i;
		if (p->idle_workers && p->consumed + WINDOW / 2 >= p->next_claim)
			pthread_cond_broadcast(&p->room);
	}
	/* Without workers (or when they lag), the linter prepares the file itself. */
	if (!s->done && p->next_claim == i) {
		p->next_claim++;
		mine = true;
	}
	while (!mine && !s->done) {
		p->awaited = i;
		pthread_cond_wait(&p->ready, &p->lock);
	}
	p->awaited = NONE;
	pthread_mutex_unlock(&p->lock);
	if (mine)
		prepare(p, i);
	if (s->rc < 0)
		return sg_error_set(s->rc, "%s", s->error);
	*in = s->in;
	*text = s->data;
	return 0;
}

void sg_prefetch_free(sg_prefetch *p)
{
	size_t i;
	int t;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->lock);
	for (t = 0; t < p->nr_threads; t++)
		pthread_join(p->threads[t], NULL);
	for (i = 0; i < p->files->nr; i++)
		free_slot(&p->slots[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->room);
	free(p->threads);
	free(p->slots);
	free(p);
}
