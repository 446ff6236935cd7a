/*
 * IPC trace ring. Events are stamped with a sequence number and the TSC
 * and kept in a ring of TRACE_RING records; trace_flush streams what is new
 * to COM2 (on every timer tick, on TRACE_CTL_DUMP and at power-off). When the
 * ring is full the oldest record goes and `dropped` counts it; the next
 * flush emits a TOP_DROP record saying how many. Filters keep an event
 * when its sender or receiver belongs to a named task, or its label is a
 * named label.
 */
#include "trace.h"
#include "ipc.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "serial.h"
#include "str.h"
#include "task.h"
#include "x86.h"

#define TRACE_RING 4096
#define FILTER_MAX 8

#ifndef KERNEL_NO_TRACE
int trace_on;
#endif
static struct trace_record ring[TRACE_RING];
static uint32_t head, count, seq, dropped;
static char filter_task[FILTER_MAX][TASK_NAME_MAX];
static uint32_t filter_label[FILTER_MAX];
static int ntask_filters, nlabel_filters;
static int com2_ready;

#define LABEL_ENTRY(name, value, args) {#name, value},
static const struct {
    const char *name;
    uint32_t value;
} labels[] = {MSG_LABELS(LABEL_ENTRY)};
#undef LABEL_ENTRY

static uint32_t record_check(const struct trace_record *r)
{
    const uint32_t *w = (const uint32_t *)r;
    uint32_t sum = 0;
    for (int i = 0; i < 11; i++)
        sum += w[i];
    return sum;
}

static void ring_put(uint32_t op, uint32_t from, uint32_t to, const msg_t *m, int32_t result)
{
    if (count == TRACE_RING) {
        head = (head + 1) % TRACE_RING;
        count--;
        dropped++;
    }
    struct trace_record *r = &ring[(head + count) % TRACE_RING];
    r->magic = TRACE_MAGIC;
    r->version = TRACE_VERSION;
    r->op = op;
    r->seq = seq++;
    r->tsc = rdtsc();
    r->from = from;
    r->to = to;
    r->label = m ? m->label : 0;
    for (int i = 0; i < 3; i++)
        r->w[i] = m ? m->w[i] : 0;
    r->result = result;
    r->check = record_check(r);
    count++;
}

static int task_matches(uint32_t tid)
{
    struct thread *th = thread_get(tid);
    if (!th || !th->task)
        return 0;
    for (int i = 0; i < ntask_filters; i++)
        if (!strcmp(filter_task[i], th->task->name))
            return 1;
    return 0;
}

static int passes_filter(uint32_t from, uint32_t to, const msg_t *m)
{
    if (!ntask_filters && !nlabel_filters)
        return 1;
    for (int i = 0; m && i < nlabel_filters; i++)
        if (filter_label[i] == m->label)
            return 1;
    return task_matches(from) || task_matches(to);
}

void trace_event(uint32_t op, uint32_t from, uint32_t to, const msg_t *m, int32_t result)
{
    if (!trace_on || !passes_filter(from, to, m))
        return;
    ring_put(op, from, to, m, result);
}

/* A TOP_NAME record for every live thread. */
static void trace_name_all(void)
{
    for (struct thread *th = all_threads; th; th = th->all_next) {
        if (th->state != TS_DEAD)
            trace_name(th->tid, th->task->name);
    }
}

/* TOP_NAME: from = the thread, to = its task, w0..w2 = the task's name. */
void trace_name(uint32_t tid, const char *name)
{
    msg_t m = {0, {0, 0, 0, 0}};
    struct thread *th = thread_get(tid);
    memcpy(m.w, name, strnlen(name, 12));
    ring_put(TOP_NAME, tid, th ? th->task->id : 0, &m, 0);
}

void trace_flush(void)
{
    if (!com2_ready)
        return;
    if (dropped) {
        msg_t m = {0, {dropped, 0, 0, 0}};
        dropped = 0;
        ring_put(TOP_DROP, TID_KERNEL, 0, &m, 0);
    }
    while (count) {
        serial_write(COM2, &ring[head], sizeof(ring[head]));
        head = (head + 1) % TRACE_RING;
        count--;
    }
}

/*
 * A label filter word: a label the kernel knows by name (MSG_LABELS), or any
 * label as a hexadecimal number ("0x0200"): the servers' labels live in
 * their own headers (libipc/include/proto), which the kernel does not
 * compile. Returns 1 and sets *label when word is one of those.
 */
static int label_word(const char *word, uint32_t n, uint32_t *label)
{
    for (uint32_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (strlen(labels[i].name) == n && !strncmp(labels[i].name, word, n)) {
            *label = labels[i].value;
            return 1;
        }
    }
    if (n < 3 || n > 10 || word[0] != '0' || (word[1] != 'x' && word[1] != 'X'))
        return 0;
    uint32_t v = 0;
    for (uint32_t i = 2; i < n; i++) {
        char c = word[i];
        uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
                     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return 0;
        v = v << 4 | d;
    }
    *label = v;
    return 1;
}

static int add_filter(const char *word, uint32_t n)
{
    uint32_t label;
    if (label_word(word, n, &label)) {
        if (nlabel_filters == FILTER_MAX)
            return E_NOMEM;
        filter_label[nlabel_filters++] = label;
        return 0;
    }
    if (ntask_filters == FILTER_MAX || n == 0 || n >= TASK_NAME_MAX)
        return E_INVAL;
    memcpy(filter_task[ntask_filters], word, n);
    filter_task[ntask_filters++][n] = 0;
    return 0;
}

/* Switch recording; a kernel built without tracing refuses to switch it on. */
static void trace_set(int on)
{
#ifndef KERNEL_NO_TRACE
    trace_on = on;
    kipc_fast_update();
#else
    (void)on;
#endif
}

/*
 * "ipc" or "ipc:name,name": names are task names, the kernel's own labels
 * (MSG_FAULT) or labels by number (0x0200 for QUOTA_ALLOC).
 */
void trace_init(const char *spec)
{
    serial_init(COM2);
    com2_ready = 1;
    if (!spec || strncmp(spec, "ipc", 3) || (spec[3] && spec[3] != ':'))
        return;
    const char *p = spec[3] ? spec + 4 : spec + 3;
    while (*p) {
        uint32_t n = 0;
        while (p[n] && p[n] != ',')
            n++;
        add_filter(p, n);
        p += n;
        if (*p == ',')
            p++;
    }
    trace_set(1);
}

int trace_ctl(uint32_t cmd, uint32_t arg)
{
    switch (cmd) {
    case TRACE_CTL_OFF:
        trace_set(0);
        return 0;
    case TRACE_CTL_ON:
        if (!trace_on)
            trace_name_all();
        trace_set(1);
        return 0;
    case TRACE_CTL_CLEAR:
        head = count = 0;
        ntask_filters = nlabel_filters = 0;
        return 0;
    case TRACE_CTL_DUMP:
        trace_flush();
        return 0;
    case TRACE_CTL_STATUS:
        return trace_on;
    case TRACE_CTL_DROPS:
        return (int)dropped;
    default:
        (void)arg;
        return E_INVAL;
    }
}
