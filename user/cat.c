/*
 * cat: print files of the initrd, one after the other (cat FILE...). It reads
 * them with open and read (docs/libc.md, "Files"); the initrd holds the
 * programs and "programs", the list help prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ulib.h"

/* Print the file called name: 0, or 1 after saying why it could not be. */
static int cat(const char *name)
{
    char buf[512];
    int fd = open(name, O_RDONLY), n = 0;
    if (fd >= 0) {
        while ((n = read(fd, buf, sizeof(buf))) > 0)
            sys_console_write(buf, (uint32_t)n);
        close(fd);
    }
    if (fd < 0 || n < 0) {
        printf("cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

int main(const char *args)
{
    char name[128];
    const char *rest = first_arg(args, name, sizeof(name));
    if (!name[0]) {
        printf("usage: cat FILE...: print files of the initrd ('cat programs' lists programs)\n");
        return 2;
    }
    int failed = 0;
    for (; name[0]; rest = next_word(rest, name, sizeof(name)))
        failed |= cat(name);
    return failed;
}
