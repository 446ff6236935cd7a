/*
 * Console output (buffered per call), process calls and error names for
 * user programs. Process calls are requests to the pager (proto/pager.h);
 * quota_self asks the quota server about the caller's own container.
 */
#include "ulib.h"
#include "fmt.h"
#include "malloc.h"
#include "proto/pager.h"
#include "proto/quota.h"

int sbrk_error;

struct outbuf {
    char buf[256];
    uint32_t n;
    int total;
};

static void out_flush(struct outbuf *o)
{
    if (o->n)
        sys_console_write(o->buf, o->n);
    o->n = 0;
}

static void out_put(void *ctx, char c)
{
    struct outbuf *o = ctx;
    o->buf[o->n++] = c;
    o->total++;
    if (o->n == sizeof(o->buf))
        out_flush(o);
}

int vprintf(const char *fmt, va_list ap)
{
    struct outbuf o = {.n = 0, .total = 0};
    fmt_vformat(out_put, &o, fmt, ap);
    out_flush(&o);
    return o.total;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    return printf("%s\n", s);
}

/* Wait for a key (console_read blocks until one is typed); -1 on error. */
int getchar(void)
{
    char c;
    return sys_console_read(&c, 1) == 1 ? (unsigned char)c : -1;
}

void exit(int status)
{
    sys_exit(status);
}

int pager_call(uint32_t label, uint32_t a, uint32_t b, uint32_t c, msg_t *reply)
{
    *reply = (msg_t){label, {a, b, c, 0}};
    return pager_request(reply);
}

int pager_request(msg_t *m)
{
    int r = ipc_call(TID_PAGER, m);
    if (r < 0)
        return r;
    if (m->label == MSG_ERR)
        return (int)m->w[0];
    return m->label == MSG_OK ? 0 : E_INVAL;
}

int spawn(const char *program, const char *args, uint32_t quota)
{
    msg_t m;
    int r = pager_call(PAGER_SPAWN, (uint32_t)program, (uint32_t)(args ? args : ""), quota, &m);
    return r < 0 ? r : (int)m.w[0];
}

int thread_create(uint32_t eip, uint32_t esp, uint32_t pager)
{
    int r = sys_thread_create(0, eip, esp, pager);
    if (r != E_NOKMEM)
        return r;
    msg_t m;
    r = pager_call(PAGER_KMEM, 0, 0, 0, &m);
    return r < 0 ? r : sys_thread_create(0, eip, esp, pager);
}

/* The pager answers with the child's EXIT{task, status, reason, addr} once it has ended. */
/* fork_with's request (fork.S): a child starting at eip with esp; its task id, or an error. */
int fork_request(uint32_t eip, uint32_t esp, uint32_t quota)
{
    msg_t m;
    int r = pager_call(PAGER_FORK, eip, esp, quota, &m);
    return r < 0 ? r : (int)m.w[0];
}

static uint32_t fork_quota; /* frames fork gives a child; 0: half of what the caller has free */

void fork_set_quota(uint32_t frames)
{
    fork_quota = frames;
}

int fork(void)
{
    uint32_t quota = fork_quota;
    if (!quota) {
        struct quota_info qi;
        int r = quota_self(&qi);
        if (r < 0)
            return r;
        quota = (qi.quota - qi.usage) / 2;
    }
    return fork_with(quota);
}

static int wait_for(int task, uint32_t nohang, int *status, uint32_t *reason, uint32_t *addr)
{
    msg_t m = {PAGER_WAIT, {(uint32_t)task, nohang, 0, 0}};
    int r = ipc_call(TID_PAGER, &m);
    if (r < 0)
        return r;
    if (m.label != MSG_EXIT)
        return m.label == MSG_ERR ? (int)m.w[0] : E_INVAL;
    if (status)
        *status = (int)m.w[1];
    if (reason)
        *reason = m.w[2];
    if (addr)
        *addr = m.w[3];
    return (int)m.w[0];
}

int spawn_partner(const char *program, const char *args, uint32_t quota, uint32_t *thread)
{
    char arg[ARGS_AREA];
    if (snformat(arg, sizeof(arg), "%s%s%u", args, *args ? " " : "", sys_getid()) >=
        (int)sizeof(arg))
        return E_RANGE;
    int task = spawn(program, arg, quota);
    if (task < 0)
        return task;
    msg_t m;
    int r = ipc_recv(TID_ANY, &m, thread);
    return r < 0 ? r : task;
}

int wait(int task, int *status, uint32_t *reason, uint32_t *addr)
{
    return wait_for(task, 0, status, reason, addr);
}

int wait_nohang(int task, int *status, uint32_t *reason, uint32_t *addr)
{
    return wait_for(task, 1, status, reason, addr);
}

int kill(int task)
{
    msg_t m;
    return pager_call(PAGER_KILL, (uint32_t)task, 0, 0, &m);
}

void *sbrk(intptr_t increment)
{
    msg_t m;
    int r = pager_call(PAGER_SBRK, (uint32_t)increment, 0, 0, &m);
    if (r < 0) {
        sbrk_error = r;
        return (void *)-1;
    }
    return (void *)m.w[0];
}

int vmpool_alloc(uint32_t npages, uint32_t *addr)
{
    msg_t m;
    int r = pager_call(PAGER_VM_ALLOC, npages, 0, 0, &m);
    if (r == 0)
        *addr = m.w[0];
    return r;
}

int vmpool_release(uint32_t addr)
{
    msg_t m;
    return pager_call(PAGER_VM_RELEASE, addr, 0, 0, &m);
}

/* A reply that comes 12 bytes at a time (reply_chunk in the pager), whole on the heap. */
static int pager_read_all(uint32_t label, uint32_t a, char **text)
{
    msg_t m;
    int r = pager_call(label, a, 0, 0, &m);
    if (r < 0)
        return r;
    uint32_t len = m.w[0];
    char *buf = umalloc(len + 1);
    if (!buf)
        return E_QUOTA;
    for (uint32_t off = 0; off < len; off += 12) {
        if (off && (r = pager_call(label, a, off, 0, &m)) < 0) {
            ufree(buf);
            return r;
        }
        memcpy(buf + off, &m.w[1], len - off < 12 ? len - off : 12);
    }
    buf[len] = 0;
    *text = buf;
    return (int)len;
}

/* A descriptor of its own (PAGER_OPEN), the size (PAGER_FSTAT), one PAGER_READ of it all. */
int ps_self(struct ps_entry *e)
{
    uint32_t task = (uint32_t)sys_kinfo(KINFO_THREAD_TASK, sys_getid());
    for (uint32_t slot = 0; ps_next(&slot, e) > 0;)
        if (e->task == task)
            return 1;
    return 0;
}

int initrd_file(const char *name, char **text)
{
    msg_t m;
    int r = pager_call(PAGER_OPEN, (uint32_t)name, 0, 0, &m);
    if (r < 0)
        return r;
    uint32_t fd = m.w[0], len = 0;
    char *buf = 0;
    if ((r = pager_call(PAGER_FSTAT, fd, 0, 0, &m)) == 0 && !(buf = umalloc((len = m.w[0]) + 1)))
        r = E_QUOTA;
    if (r == 0)
        r = pager_call(PAGER_READ, fd, (uint32_t)buf, len, &m);
    pager_call(PAGER_CLOSE, fd, 0, 0, &(msg_t){0});
    if (r < 0) {
        ufree(buf);
        return r;
    }
    buf[len] = 0;
    *text = buf;
    return (int)len;
}

int policy_get(uint32_t which, char **name)
{
    return pager_read_all(PAGER_POLICY_NAME, which, name);
}

int pager_stats(uint32_t task, struct pager_stats *st)
{
    uint32_t *words = (uint32_t *)st;
    for (uint32_t group = 0; group < 2; group++) {
        msg_t m;
        int r = pager_call(PAGER_STATS, task, group, 0, &m);
        if (r < 0)
            return r;
        memcpy(words + group * MSG_WORDS, m.w, sizeof(m.w));
    }
    return 0;
}

int pager_mem(struct pager_mem *pm)
{
    msg_t m;
    int r = pager_call(PAGER_MEM, 0, 0, 0, &m);
    if (r == 0)
        *pm = (struct pager_mem){m.w[0], m.w[1], m.w[2]};
    return r;
}

int swap_info(struct swap_info *si)
{
    msg_t m;
    int r = pager_call(PAGER_SWAP_INFO, 0, 0, 0, &m);
    if (r == 0)
        *si = (struct swap_info){m.w[0], m.w[1], m.w[2], m.w[3]};
    return r;
}

int policy_set(const char *name)
{
    msg_t m;
    return pager_call(PAGER_POLICY, (uint32_t)name, strlen(name), 0, &m);
}

_Static_assert(TASK_NAME_MAX <= MSG_WORDS * 4, "PAGER_PS answers a name in one message");

int ps_next(uint32_t *slot, struct ps_entry *e)
{
    for (;; (*slot)++) {
        msg_t id, name, q, kinds;
        int r = pager_call(PAGER_PS, *slot, 0, 0, &id);
        if (r == E_RANGE)
            return 0;
        if (r == E_NOENT)
            continue;
        if (r < 0)
            return r;
        if (pager_call(PAGER_PS, *slot, 1, 0, &name) < 0 ||
            pager_call(PAGER_PS, *slot, 2, 0, &q) < 0 ||
            pager_call(PAGER_PS, *slot, 3, 0, &kinds) < 0)
            continue; /* it ended between the questions */
        (*slot)++;
        *e = (struct ps_entry){.task = id.w[0],
                               .container = id.w[1],
                               .parent = id.w[2],
                               .resident = id.w[3],
                               .quota = q.w[0],
                               .usage = q.w[1],
                               .parent_container = q.w[2],
                               .private_pages = kinds.w[0],
                               .shared_pages = kinds.w[1],
                               .cow_pages = kinds.w[2],
                               .initrd_pages = kinds.w[3]};
        memcpy(e->name, name.w, TASK_NAME_MAX - 1);
        e->name[TASK_NAME_MAX - 1] = 0;
        return 1;
    }
}

/* One part of QUOTA_SELF's answer (docs/quota.md): 0 or a negative abi_errno. */
static int quota_self_part(uint32_t part, msg_t *m)
{
    *m = (msg_t){QUOTA_SELF, {part, 0, 0, 0}};
    int r = ipc_call(TID_QUOTA, m);
    if (r < 0)
        return r;
    return m->label == MSG_ERR ? (int)m->w[0] : 0;
}

int quota_self(struct quota_info *qi)
{
    msg_t a, b;
    int r = quota_self_part(0, &a);
    if (r < 0)
        return r;
    r = quota_self_part(1, &b);
    if (r < 0)
        return r;
    *qi = (struct quota_info){
        .id = a.w[0], .quota = a.w[1], .usage = a.w[2], .parent = a.w[3], .nchildren = b.w[1]};
    return 0;
}

int quota_usage(void)
{
    struct quota_info qi = {0, 0, 0, 0, 0};
    int r = quota_self(&qi);
    return r < 0 ? r : (int)qi.usage;
}

uint32_t quota_spare(uint32_t keep)
{
    struct quota_info qi = {0, 0, 0, 0, 0};
    if (quota_self(&qi) < 0 || qi.quota < qi.usage + keep)
        return 0;
    return qi.quota - qi.usage - keep;
}

int quota_check(void)
{
    msg_t m = {QUOTA_CHECK, {0, 0, 0, 0}};
    int r = ipc_call(TID_QUOTA, &m);
    if (r < 0)
        return r;
    return (int)m.w[0];
}

void *malloc(size_t n)
{
    return umalloc(n);
}

void free(void *p)
{
    ufree(p);
}

void *calloc(size_t n, size_t size)
{
    return ucalloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return urealloc(p, n);
}

long strtol_simple(const char *s, const char **end)
{
    long v = 0;
    int neg = 0, base = 10;
    while (*s == ' ')
        s++;
    if (*s == '-')
        neg = 1, s++;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    for (;; s++) {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
            d = (*s | 0x20) - 'a' + 10;
        else
            break;
        v = v * base + d;
    }
    if (end)
        *end = s;
    return neg ? -v : v;
}

/* Copy the next space-separated word of s into word; returns what follows it. */
const char *next_word(const char *s, char *word, int size)
{
    int n = 0;
    while (*s == ' ')
        s++;
    while (*s && *s != ' ') {
        if (n < size - 1)
            word[n++] = *s;
        s++;
    }
    word[n] = 0;
    return s;
}

const char *first_arg(const char *args, char *word, int size)
{
    return next_word(next_word(args, word, size), word, size);
}

volatile int *at(uint32_t addr)
{
    volatile uint32_t a = addr; /* the compiler cannot know the value, so cannot drop the access */
    return (volatile int *)a;
}

uint64_t tsc(void)
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* An error code's name (E_NOENT) or, with text set, its sentence. */
static const char *err_describe(int err, int text)
{
#define ERR_CASE(name, value, sentence)                                                            \
    case value:                                                                                    \
        return text ? sentence : #name;
    switch (err) {
        ERRNO_LIST(ERR_CASE)
    }
#undef ERR_CASE
    return text ? "unknown error" : "E_?";
}

const char *errstr(int err)
{
    return err_describe(err, 0);
}

const char *errtext(int err)
{
    return err_describe(err, 1);
}

const char *reason_str(uint32_t reason)
{
#define REASON_CASE(name, value, text)                                                             \
    case value:                                                                                    \
        return text;
    switch (reason) {
        KILL_REASONS(REASON_CASE)
    }
#undef REASON_CASE
    return "killed";
}

uint32_t rand_next(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}
