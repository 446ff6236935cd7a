/*
 * The user library: console output, process calls (through the pager),
 * memory, and small helpers shared by the programs in user/.
 */
#ifndef ULIB_H
#define ULIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "ipc.h"
#include "str.h"

/* Console. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
int getchar_nb(void); /* -1 when no key is waiting */
int getchar(void);    /* waits for a key */

/* Processes (requests to the pager). */
void exit(int status) __attribute__((noreturn));
int spawn(const char *program, const char *args, uint32_t quota); /* child task id */
int wait(int task, int *status, uint32_t *reason, uint32_t *addr);
void *sbrk(intptr_t increment);                    /* (void *)-1 on error, see sbrk_error */
extern int sbrk_error;                             /* why the last sbrk failed */
int vmpool_alloc(uint32_t npages, uint32_t *addr); /* anonymous pages, mapped on first touch */
int vmpool_release(uint32_t addr);
int initrd_file(const char *name, char **text); /* a file of the initrd, whole, on the heap */

/* The caller's memory container, from the quota server. */
struct quota_info {
    uint32_t id, quota, usage, parent, nchildren;
};
int quota_self(struct quota_info *qi);
int quota_check(void); /* -1: the books balance; else the first container that does not */

/* Memory. */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);

/* Helpers. */
long strtol_simple(const char *s, const char **end);
const char *next_word(const char *s, char *word, int size);
const char *errstr(int err);  /* its name: E_NOENT */
const char *errtext(int err); /* its sentence: no such task, thread or file */
const char *reason_str(uint32_t reason);

#endif
