/*
 * Unit tests of the kernel's IPC on a page fault's path (microkernel/ipc.c
 * and fault.c), run on the host with the scheduler, the trace and task_end
 * replaced by recorders. A FAULT the kernel makes travels from the faulting
 * thread's kmsg to the pager's registers with sender TID_KERNEL, and the
 * pager's answer lands in that kmsg while the thread's registers keep the
 * user state it will resume; a MAP that fails is not delivered and the
 * pager hears the error. fault_forward is run whole against a scripted
 * pager that answers when the scheduler hands it the CPU. The fast paths
 * (fastpath.S, i386 assembly) are tested by booting: test/boot/cases.py
 * runs t_ipc and every fault on them, and t_ipc again on this general path.
 */
#include "unit.h"
#include <string.h>

#include "../../microkernel/ipc.c"
#include "../../microkernel/fault.c"
#include "../../microkernel/idtab.c"

struct idtab thread_ids;
struct thread *current;
int trace_on;
uint32_t dead_threads;

static struct thread threads[2];
static struct task task_a, task_b;
static struct trapframe frames[2];
static struct idtab_slot id_page[IDTAB_PER_PAGE];

static void *id_page_alloc(void)
{
    return id_page;
}

void task_free(struct task *t)
{
    t->id = 0;
}

/* What the fake scheduler and trace saw. */
static struct thread *handoff_from, *handoff_to;
static int handoffs, blocks, traced;
static uint32_t traced_op, traced_from;

void sched_ready(struct thread *th)
{
    th->state = TS_READY;
}

void sched_block(void)
{
    blocks++;
}

/* The scripted pager: when it gets the CPU, it answers the client or dies. */
static int pager_scripted, pager_dies;
static msg_t pager_answer, pager_got;
static struct thread *client, *pager;

static void pager_runs(void)
{
    pager_scripted = 0;
    current = pager;
    msg_from_regs(pager->tf, &pager_got);
    if (pager_dies) {
        kipc_abort(client, E_DEAD);
    } else {
        msg_to_regs(pager->tf, 0, &pager_answer);
        kipc_reply_recv(pager, client->tid, 0);
    }
    current = client;
}

void sched_handoff(struct thread *me, struct thread *dst)
{
    dst->state = TS_READY;
    handoff_from = me;
    handoff_to = dst;
    handoffs++;
    if (pager_scripted && dst == pager)
        pager_runs();
}

static int resumed;

void sched_resumed(void)
{
    resumed++;
}

/* SYS_MAP's work: recorded, and failing with map_fails when set. */
static int maps, map_fails;
static struct task *mapped_in;
static uint32_t mapped_va, mapped_frame, mapped_perm;

int map_traced(struct task *t, uint32_t va, uint32_t frame, uint32_t perm)
{
    if (map_fails)
        return map_fails;
    maps++;
    mapped_in = t;
    mapped_va = va;
    mapped_frame = frame;
    mapped_perm = perm;
    return 0;
}

static int ended;
static uint32_t ended_reason, ended_addr;

void task_end(struct task *t, int status, uint32_t reason, uint32_t addr)
{
    (void)t, (void)status;
    ended++;
    ended_reason = reason;
    ended_addr = addr;
}

void trace_event(uint32_t op, uint32_t from, uint32_t to, const msg_t *m, int32_t result)
{
    (void)to, (void)m, (void)result;
    traced++;
    traced_op = op;
    traced_from = from;
}

#define FAULT_ADDR 0x0804A000u
#define FAULT_ERR  (PF_WRITE | PF_USER)
#define FAULT_EIP  0x08048123u

/* tid 1 in task_a faults; tid 2 in task_b is its pager. Registers hold a user state. */
static void setup(void)
{
    memset(threads, 0, sizeof(threads));
    memset(frames, 0, sizeof(frames));
    memset(id_page, 0, sizeof(id_page));
    idtab_init(&thread_ids, id_page_alloc);
    handoff_from = handoff_to = 0;
    handoffs = blocks = traced = ended = resumed = maps = map_fails = 0;
    trace_on = pager_scripted = pager_dies = 0;
    dead_threads = 0;
    for (int i = 0; i < 2; i++) {
        threads[i].tid = idtab_alloc(&thread_ids, &threads[i]); /* 1 and 2 */
        threads[i].state = TS_READY;
        threads[i].task = i ? &task_b : &task_a;
        threads[i].tf = &frames[i];
        frames[i] = (struct trapframe){.edi = 0xD1 + i,
                                       .esi = 0x51 + i,
                                       .ebp = 0xB1 + i,
                                       .ebx = 0xB0 + i,
                                       .edx = 0xD0 + i,
                                       .ecx = 0xC0 + i};
    }
    client = &threads[0];
    pager = &threads[1];
    client->pager = pager->tid;
}

/* What fault_forward does before it sends. */
static void make_fault(void)
{
    client->kernel_made = 1;
    client->kmsg = (msg_t){MSG_FAULT, {FAULT_ADDR, FAULT_ERR, FAULT_EIP, client->tid}};
}

static void pager_receives(void)
{
    pager->state = TS_RECV;
    pager->partner = TID_ANY;
}

static void assert_pager_got_fault(void)
{
    ck_assert_uint_eq(pager->tf->ebx, TID_KERNEL);
    ck_assert_uint_eq(pager->tf->ecx, MSG_FAULT);
    ck_assert_uint_eq(pager->tf->edx, FAULT_ADDR);
    ck_assert_uint_eq(pager->tf->esi, FAULT_ERR);
    ck_assert_uint_eq(pager->tf->edi, FAULT_EIP);
    ck_assert_uint_eq(pager->tf->ebp, client->tid);
    ck_assert_int_eq(pager->ipc_result, 0);
}

static void assert_client_awaits_reply(void)
{
    ck_assert_int_eq(client->state, TS_RECV);
    ck_assert_uint_eq(client->partner, pager->tid);
    ck_assert_int_eq(client->awaiting_reply, 1);
}

START_TEST(fault_reaches_waiting_pager_from_kernel)
{
    struct trapframe user = *client->tf;
    make_fault();
    pager_receives();
    current = client;
    kipc_send(client, pager->tid, 1, 0);
    assert_pager_got_fault();
    assert_client_awaits_reply();
    ck_assert_int_eq(handoffs, 1);
    ck_assert_ptr_eq(handoff_from, client);
    ck_assert_ptr_eq(handoff_to, pager);
    ck_assert_mem_eq(client->tf, &user, sizeof(user));
}
END_TEST

START_TEST(fault_to_busy_pager_waits_in_its_queue)
{
    make_fault();
    kipc_send(client, pager->tid, 1, 0);
    ck_assert_int_eq(client->state, TS_SEND);
    ck_assert_ptr_eq(pager->sendq, client);
    ck_assert_int_eq(blocks, 1);
    current = pager;
    kipc_recv(pager, TID_ANY, 0);
    assert_pager_got_fault();
    assert_client_awaits_reply();
    ck_assert_ptr_null(pager->sendq);
}
END_TEST

/* The pager answers OK{7, 8, 9, 10}: it must reach kmsg, not the saved user registers. */
START_TEST(reply_reaches_thread_asleep_in_fault_forward)
{
    make_fault();
    pager_receives();
    kipc_send(client, pager->tid, 1, 0);
    struct trapframe user = *client->tf;
    *pager->tf = (struct trapframe){.ecx = MSG_OK, .edx = 7, .esi = 8, .edi = 9, .ebp = 10};
    current = pager;
    kipc_reply_recv(pager, client->tid, 0);
    msg_t want = {MSG_OK, {7, 8, 9, 10}};
    ck_assert_mem_eq(&client->kmsg, &want, sizeof(want));
    ck_assert_mem_eq(client->tf, &user, sizeof(user));
    ck_assert_int_eq(client->ipc_result, 0);
    ck_assert_int_eq(client->awaiting_reply, 0);
    ck_assert_int_eq(pager->state, TS_RECV);
    ck_assert_uint_eq(pager->partner, TID_ANY);
    ck_assert_ptr_eq(handoff_to, client);
}
END_TEST

START_TEST(reply_to_thread_not_waiting_is_not_delivered)
{
    make_fault();
    msg_t before = client->kmsg;
    struct trapframe user = *client->tf;
    *pager->tf = (struct trapframe){.ecx = MSG_OK};
    current = pager;
    kipc_reply_recv(pager, client->tid, 0);
    ck_assert_mem_eq(&client->kmsg, &before, sizeof(before));
    ck_assert_mem_eq(client->tf, &user, sizeof(user));
    ck_assert_int_eq(client->state, TS_READY);
    ck_assert_int_eq(pager->state, TS_RECV);
    ck_assert_int_eq(blocks, 1);
}
END_TEST

/* A fault of the client's user code (trapno T_PGFLT) waits for its pager's answer. */
static void user_fault_waits(void)
{
    client->tf->trapno = T_PGFLT;
    make_fault();
    pager_receives();
    kipc_send(client, pager->tid, 1, 0);
}

/* A MAP that fails: not delivered on either path; the pager gets the error, the client waits. */
START_TEST(failed_map_in_reply_is_not_delivered)
{
    user_fault_waits();
    *pager->tf = (struct trapframe){
        .eax = SYS_REPLY_RECV, .ebx = client->tid, .ecx = MSG_MAP, .edx = FAULT_ADDR, .esi = 77};
    current = pager;
    map_fails = E_NOMEM;
    kipc_reply_recv(pager, client->tid, 0);
    ck_assert_int_eq(pager->ipc_result, E_NOMEM);
    ck_assert_int_eq(client->state, TS_RECV);
    ck_assert_int_eq(client->kernel_made, 1);
    ck_assert_uint_eq(client->kmsg.label, MSG_FAULT);
    ck_assert_int_eq(handoffs, 1); /* only the send's */
}
END_TEST

/* The client is in a call to the pager, which waits for anyone. */
static void client_calls_waiting_pager(void)
{
    pager_receives();
    *client->tf = (struct trapframe){.eax = SYS_CALL, .ebx = pager->tid, .ecx = 0x42};
    current = client;
}

/* A caller blocked on the fast path, woken by the general path (kipc_resume): its result. */
START_TEST(blocked_caller_resumes_with_its_result)
{
    client_calls_waiting_pager();
    kipc_send(client, pager->tid, 1, 0);
    ck_assert_int_eq(client->state, TS_RECV);
    kipc_abort(client, E_DEAD);
    current = client;
    kipc_resume(client->tf);
    ck_assert_int_eq((int)client->tf->eax, E_DEAD);
    ck_assert_int_eq(resumed, 1);
}
END_TEST

/* A fault blocked on the fast path (which keeps its address), answered on the general path
 * with KILL: fault_resume ends the task with the pager's reason. */
START_TEST(fault_answered_on_general_path)
{
    user_fault_waits();
    client->fault_addr = FAULT_ADDR;
    *pager->tf = (struct trapframe){.ecx = MSG_KILL, .edx = REASON_SEGV};
    kipc_reply_recv(pager, client->tid, 0);
    current = client;
    fault_resume(client->tf);
    ck_assert_int_eq(resumed, 1);
    ck_assert_int_eq(ended, 1);
    ck_assert_uint_eq(ended_reason, REASON_SEGV);
    ck_assert_uint_eq(ended_addr, FAULT_ADDR);
    ck_assert_int_eq(client->kernel_made, 0);
}
END_TEST

START_TEST(traced_fault_is_recorded_from_the_kernel)
{
    make_fault();
    pager_receives();
    trace_on = 1;
    kipc_send(client, pager->tid, 1, 0);
    ck_assert_int_eq(traced, 1);
    ck_assert_uint_eq(traced_op, TOP_FAULT);
    ck_assert_uint_eq(traced_from, TID_KERNEL);
}
END_TEST

/* The pager dies while the fault waits: task_end wakes the thread with E_DEAD. */
START_TEST(abort_wakes_waiting_thread_with_error)
{
    make_fault();
    pager_receives();
    kipc_send(client, pager->tid, 1, 0);
    kipc_abort(client, E_DEAD);
    ck_assert_int_eq(client->ipc_result, E_DEAD);
    ck_assert_int_eq(client->state, TS_READY);
    ck_assert_int_eq(client->awaiting_reply, 0);
}
END_TEST

START_TEST(send_to_self_or_nobody_fails)
{
    kipc_send(client, client->tid, 0, 0);
    ck_assert_int_eq(client->ipc_result, E_INVAL);
    kipc_send(client, 77, 0, 0);
    ck_assert_int_eq(client->ipc_result, E_NOENT);
    kipc_send(client, pager->tid, 0, 1);
    ck_assert_int_eq(client->ipc_result, E_TIMEOUT);
    ck_assert_ptr_null(pager->sendq);
    ck_assert_int_eq(blocks, 0);
}
END_TEST

/* Notices wait in the ended tasks, none dropped; recv from anyone takes them first, in order. */
START_TEST(notices_are_never_dropped)
{
    static struct task ended[20];
    for (uint32_t i = 0; i < 20; i++) {
        ended[i] = (struct task){.id = 30 + i, .ended = 1};
        ended[i].exit_msg = (msg_t){MSG_EXIT, {30 + i, 0, 0, 0}};
        kipc_notify(pager, &ended[i]);
    }
    kipc_recv(pager, client->tid, 1);
    ck_assert_int_eq(pager->ipc_result, E_TIMEOUT); /* a named sender: notices wait */
    for (uint32_t i = 0; i < 20; i++) {
        ck_assert_uint_eq(ended[i].id, 30 + i); /* the slot is held until its notice is taken */
        kipc_recv(pager, TID_ANY, 1);
        ck_assert_int_eq(pager->ipc_result, 0);
        ck_assert_uint_eq(pager->tf->ebx, TID_KERNEL);
        ck_assert_uint_eq(pager->tf->ecx, MSG_EXIT);
        ck_assert_uint_eq(pager->tf->edx, 30 + i);
        ck_assert_uint_eq(ended[i].id, 0);
    }
    kipc_recv(pager, TID_ANY, 1);
    ck_assert_int_eq(pager->ipc_result, E_TIMEOUT);
}
END_TEST

/* fault_forward against a pager that waits and then answers with answer. */
static int forward(uint32_t err, msg_t answer)
{
    pager_receives();
    pager_answer = answer;
    pager_scripted = 1;
    current = client;
    return fault_forward(FAULT_ADDR, err, FAULT_EIP);
}

START_TEST(forward_ok_resumes_thread)
{
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_OK, {0}}), 0);
    ck_assert_uint_eq(pager_got.label, MSG_FAULT);
    ck_assert_uint_eq(pager_got.w[3], client->tid);
    ck_assert_int_eq(ended, 0);
    ck_assert_int_eq(client->kernel_made, 0);
}
END_TEST

/* The general path's map in the reply: the page is mapped, then the thread goes on. */
START_TEST(forward_map_maps_then_resumes)
{
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_MAP, {FAULT_ADDR, 77, PERM_R, 0}}), 0);
    ck_assert_int_eq(maps, 1);
    ck_assert_ptr_eq(mapped_in, client->task);
    ck_assert_uint_eq(mapped_frame, 77);
    ck_assert_int_eq(ended, 0);
}
END_TEST

START_TEST(forward_kill_ends_task_with_pager_reason)
{
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_KILL, {REASON_QUOTA, 0}}), E_FAULT);
    ck_assert_int_eq(ended, 1);
    ck_assert_uint_eq(ended_reason, REASON_QUOTA);
    ck_assert_uint_eq(ended_addr, FAULT_ADDR);
}
END_TEST

START_TEST(forward_refusal_for_syscall_is_an_error_not_a_kill)
{
    ck_assert_int_eq(forward(FAULT_ERR | PF_SYSCALL, (msg_t){MSG_KILL, {REASON_SEGV, 0}}), E_FAULT);
    ck_assert_int_eq(ended, 0);
}
END_TEST

START_TEST(forward_other_answer_is_a_bad_reply)
{
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_ERR, {0}}), E_FAULT);
    ck_assert_uint_eq(ended_reason, REASON_PAGER_REPLY);
}
END_TEST

START_TEST(forward_to_dying_pager_ends_task)
{
    pager_dies = 1;
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_OK, {0}}), E_FAULT);
    ck_assert_uint_eq(ended_reason, REASON_NOPAGER);
}
END_TEST

/* No live pager, or one in the faulting task itself: no IPC at all. */
START_TEST(forward_without_pager_sends_nothing)
{
    client->pager = 0;
    ck_assert_int_eq(forward(FAULT_ERR | PF_SYSCALL, (msg_t){MSG_OK, {0}}), E_FAULT);
    ck_assert_int_eq(ended, 0);
    client->pager = pager->tid;
    pager->task = client->task;
    ck_assert_int_eq(forward(FAULT_ERR, (msg_t){MSG_OK, {0}}), E_FAULT);
    ck_assert_uint_eq(ended_reason, REASON_NOPAGER);
    ck_assert_int_eq(handoffs, 0);
}
END_TEST

UNIT_MAIN(
    "ipc",
    {"fault", setup, NULL, 0,
     UNIT_TESTS(fault_reaches_waiting_pager_from_kernel, fault_to_busy_pager_waits_in_its_queue,
                reply_reaches_thread_asleep_in_fault_forward,
                reply_to_thread_not_waiting_is_not_delivered,
                traced_fault_is_recorded_from_the_kernel, abort_wakes_waiting_thread_with_error),
     NULL},
    {"resume", setup, NULL, 0,
     UNIT_TESTS(failed_map_in_reply_is_not_delivered, blocked_caller_resumes_with_its_result,
                fault_answered_on_general_path),
     NULL},
    {"fault_forward", setup, NULL, 0,
     UNIT_TESTS(forward_ok_resumes_thread, forward_map_maps_then_resumes,
                forward_kill_ends_task_with_pager_reason,
                forward_refusal_for_syscall_is_an_error_not_a_kill,
                forward_other_answer_is_a_bad_reply, forward_to_dying_pager_ends_task,
                forward_without_pager_sends_nothing),
     NULL},
    {"general", setup, NULL, 0, UNIT_TESTS(send_to_self_or_nobody_fails, notices_are_never_dropped),
     NULL})
