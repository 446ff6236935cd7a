/*
 * Console output goes to COM1 (what the tests read) and to the VGA text
 * buffer (what a person sees in a QEMU or Bochs window).
 *
 * Input arrives by interrupt and waits in one queue until a reader takes
 * it; a reader with nothing to read blocks (TS_INPUT), so an idle shell
 * leaves the CPU to the idle thread. Ctrl-C (0x03) ends the foreground
 * task, when one is named, instead of entering the queue.
 */
#include "console.h"
#include "keyboard.h"
#include "abi/errno.h"
#include "argcheck.h"
#include "pic.h"
#include "sched.h"
#include "serial.h"
#include "task.h"
#include "uaccess.h"
#include "vga.h"
#include "x86.h"
#include "fmt.h"
#include <stdarg.h>

/* Bytes typed ahead of the reader; more are dropped, as a full UART drops them. */
#define INPUT_SIZE 256
#define CTRL_C     0x03

static char input[INPUT_SIZE];
static uint32_t input_head, input_count;
static uint32_t foreground; /* task id Ctrl-C ends, 0: none */

void console_init(void)
{
    serial_init(COM1);
    vga_init();
}

void console_write(const char *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (buf[i] == '\n')
            serial_putc(COM1, '\r');
        serial_putc(COM1, buf[i]);
        vga_putc(buf[i]);
    }
    vga_cursor();
}

/* Wake every thread blocked in console_read: each takes what it can and may block again. */
static void input_wake_readers(void)
{
    for (struct thread *th = all_threads; th; th = th->all_next) {
        if (th->state == TS_INPUT)
            sched_ready(th);
    }
}

/* One byte typed on COM1 or the keyboard (called from their interrupts). */
void console_input(char c)
{
    if (c == CTRL_C && foreground) {
        struct task *t = task_get(foreground);
        if (t)
            task_end(t, -1, REASON_INTERRUPT, 0);
        return;
    }
    if (input_count == INPUT_SIZE)
        return;
    input[(input_head + input_count++) % INPUT_SIZE] = c;
    input_wake_readers();
}

void console_serial_irq(void)
{
    for (int c; (c = serial_getc(COM1)) >= 0;)
        console_input((char)c);
}

void console_input_init(void)
{
    serial_irq_enable(COM1);
    pic_unmask_lines(1u << IRQ_COM1);
    keyboard_init();
}

/*
 * Move up to len queued bytes to user memory at buf, blocking the current
 * thread until there is at least one. The buffer is made accessible first
 * (which may block in the pager); nothing blocks between that and the copy.
 */
int console_read(uint32_t buf, uint32_t len)
{
    if (len == 0)
        return 0;
    if (check_user_range(buf, len) < 0)
        return E_FAULT;
    for (;;) {
        uint32_t n = len < input_count ? len : input_count;
        if (n == 0) {
            current->state = TS_INPUT;
            sched_block();
            continue;
        }
        int r = uaccess_check(buf, n, 1);
        if (r < 0)
            return r;
        n = n < input_count ? n : input_count; /* another reader may have taken some */
        for (uint32_t i = 0; i < n; i++) {
            ((char *)buf)[i] = input[input_head];
            input_head = (input_head + 1) % INPUT_SIZE;
        }
        input_count -= n;
        if (n)
            return (int)n;
    }
}

uint32_t console_set_foreground(uint32_t task)
{
    uint32_t old = foreground;
    foreground = task;
    return old;
}

uint32_t console_foreground(void)
{
    return foreground;
}

/* A task ended: its id may be reused, so it no longer names the foreground. */
void console_task_ended(uint32_t task)
{
    if (foreground == task)
        foreground = 0;
}

static void console_put(void *ctx, char c)
{
    (void)ctx;
    console_write(&c, 1);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(console_put, NULL, fmt, ap);
    va_end(ap);
    return n;
}
