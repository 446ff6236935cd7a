/*
 * The initrd's index (initrd.h): two ustar walks when the pager starts, one
 * to size the index and one to fill it; after that a name costs one hash
 * and a short probe. Invariant: the table is at most half full, so a probe
 * always meets an empty slot.
 */
#include "initrd.h"
#include "abi/errno.h"
#include "str.h"
#include "ustar.h"

/* FNV-1a over the name. */
static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

/* A name without its leading "./"s: "./x", "././x" and "x" name the same file. */
static const char *name_plain(const char *s)
{
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    return s;
}

/* Slots for n files: a power of two at least twice n (and at least 2). */
static uint32_t slots_for(uint32_t n)
{
    uint32_t slots = 2;
    while (slots < 2 * n)
        slots *= 2;
    return slots;
}

/* The files of the archive and the bytes their names need (NULs included). */
static int archive_count(const void *archive, size_t size, uint32_t *files, size_t *name_bytes)
{
    char name[USTAR_NAME_MAX + 1];
    const void *data;
    size_t cursor = 0, len;
    int r;
    *files = 0;
    *name_bytes = 0;
    while ((r = ustar_next(archive, size, &cursor, name, sizeof(name), &data, &len)) == 1) {
        (*files)++;
        *name_bytes += strlen(name) + 1;
    }
    return r;
}

int initrd_index_size(const void *archive, size_t size, size_t *bytes)
{
    uint32_t files;
    size_t names;
    int r = archive_count(archive, size, &files, &names);
    *bytes = slots_for(files) * sizeof(struct initrd_file) + names;
    return r;
}

/* The slot holding name, or the empty slot where it belongs. */
static struct initrd_file *slot_of(const struct initrd_index *ix, const char *name)
{
    uint32_t i = name_hash(name) & ix->mask;
    while (ix->slot[i].name && strcmp(ix->slot[i].name, name))
        i = (i + 1) & ix->mask;
    return &ix->slot[i];
}

int initrd_index_build(struct initrd_index *ix, const void *archive, size_t size, void *mem,
                       size_t bytes)
{
    uint32_t files;
    size_t names;
    int walk = archive_count(archive, size, &files, &names);
    uint32_t slots = slots_for(files);
    if (bytes < slots * sizeof(struct initrd_file) + names)
        return E_RANGE;
    *ix = (struct initrd_index){mem, slots - 1, 0};
    memset(mem, 0, slots * sizeof(struct initrd_file));
    char *names_at = (char *)mem + slots * sizeof(struct initrd_file);
    char name[USTAR_NAME_MAX + 1];
    const void *data;
    size_t cursor = 0, len;
    for (uint32_t i = 0; i < files; i++) {
        ustar_next(archive, size, &cursor, name, sizeof(name), &data, &len);
        struct initrd_file *f = slot_of(ix, name);
        if (f->name)
            continue; /* the first member of that name wins */
        size_t n = strlen(name) + 1;
        memcpy(names_at, name, n);
        *f = (struct initrd_file){names_at, data, (uint32_t)len,
                                  (uint32_t)((const uint8_t *)data - (const uint8_t *)archive)};
        ix->count++;
        names_at += n;
    }
    return walk;
}

const struct initrd_file *initrd_lookup(const struct initrd_index *ix, const char *name)
{
    const struct initrd_file *f = slot_of(ix, name_plain(name));
    return f->name ? f : 0;
}
