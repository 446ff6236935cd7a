/*
 * libFuzzer, stateful: servers/pager/proctab.c (and hash.c under it), the
 * pager's process table, against a model. Operations from the input add
 * processes, name them by task and first thread (ids from a small set, so
 * they collide, as ids do when the kernel's generations wrap), remove any
 * of them, and run any operation with the heap out of memory. After each:
 * the table holds the model's processes, each at its index; every id the
 * model gives a process finds it and no other id finds anything; a refusal
 * is E_EXIST for an id in use or E_NOMEM with no memory, and changes nothing.
 */
#include "harness.h"
#include <string.h>

#include "test/unit/fakeheap.h"
#define malloc  fake_malloc
#define realloc fake_realloc
#define calloc  fake_calloc
#include "servers/pager/hash.c"
#include "servers/pager/proctab.c"
#undef malloc
#undef realloc
#undef calloc

#define IDS  64 /* ids 1..IDS for tasks, 0x1001.. for threads */
#define PMAX 256

static struct proc *model[PMAX];
static uint32_t nmodel;

static struct proc *holding(uint32_t id, bool tid)
{
    for (uint32_t i = 0; i < nmodel; i++)
        if ((tid ? model[i]->tid : model[i]->task) == id)
            return model[i];
    return 0;
}

static void check(void)
{
    FUZZ_REQUIRE(proctab_count() == nmodel && !proctab_at(nmodel));
    for (uint32_t i = 0; i < nmodel; i++) {
        FUZZ_REQUIRE(proctab_at(model[i]->index) == model[i]);
        if (model[i]->task)
            FUZZ_REQUIRE(proctab_by_task(model[i]->task) == model[i]);
        if (model[i]->tid)
            FUZZ_REQUIRE(proctab_by_tid(model[i]->tid) == model[i]);
    }
    for (uint32_t id = 1; id <= IDS; id++) {
        FUZZ_REQUIRE(proctab_by_task(id) == holding(id, false));
        FUZZ_REQUIRE(proctab_by_tid(0x1000 + id) == holding(0x1000 + id, true));
    }
}

/* Name p by an id (a task, or a first thread): the answer and the change must be the model's. */
static void name(struct proc *p, uint32_t id, bool tid)
{
    struct proc *before = holding(id, tid);
    uint32_t old = tid ? p->tid : p->task;
    int r = tid ? proctab_set_tid(p, id) : proctab_set_task(p, id);
    if (before)
        FUZZ_REQUIRE(r == E_EXIST);
    else
        FUZZ_REQUIRE(r == 0 || (no_memory && r == E_NOMEM));
    FUZZ_REQUIRE((tid ? p->tid : p->task) == (r == 0 ? id : old));
}

static void step(struct bytes *b)
{
    uint32_t op = take(b, 1), sel = take(b, 1);
    struct proc *p = nmodel ? model[sel % nmodel] : 0;
    no_memory = (op & 0xC0) == 0xC0;
    switch (op % 4) {
    case 0:
        if (nmodel < PMAX) {
            struct proc *q = proctab_add();
            FUZZ_REQUIRE(q || no_memory);
            if (q) {
                FUZZ_REQUIRE(q->index == nmodel && !q->task && !q->tid);
                model[nmodel++] = q;
            }
        }
        break;
    case 1:
        /* a process is named once, as spawn and fork do; the id may be one in use */
        if (p && !p->task)
            name(p, take(b, 1) % IDS + 1, false);
        break;
    case 2:
        if (p && !p->tid)
            name(p, 0x1000 + take(b, 1) % IDS + 1, true);
        break;
    default:
        if (p) {
            uint32_t i = sel % nmodel;
            proctab_remove(p); /* frees p */
            model[i] = model[--nmodel];
        }
        break;
    }
    no_memory = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bytes b = {data, size};
    while (b.n) {
        step(&b);
        check();
    }
    while (nmodel) {
        proctab_remove(model[--nmodel]);
        check();
    }
    return 0;
}
