/*
 * The formatter behind kprintf, panic, printf and snformat (see fmt.h for
 * what it accepts). It depends on nothing but the compiler's headers and
 * str.h, so the kernel links the same file. 64-bit numbers are divided by a
 * 64-by-32 long division here: i686 freestanding code has no __udivdi3.
 */
#include "fmt.h"
#include <stdint.h>
#include "str.h"

/* Where the chars go, and how many went. */
struct out {
    void (*put)(void *ctx, char c);
    void *ctx;
    int n;
};

/* One parsed conversion. */
struct spec {
    int left;  /* '-': pad with spaces on the right */
    int zero;  /* '0': pad a number with zeros after its sign or 0x */
    int width; /* fewest chars in all */
    int prec;  /* most chars of a string, fewest digits of a number; <0: none */
    int size;  /* bytes of an integer argument: int, long, long long or size_t */
    int bad;   /* a width or precision too big for an int: the conversion is copied as is */
};

static void out_char(struct out *o, char c)
{
    o->put(o->ctx, c);
    o->n++;
}

static void out_chars(struct out *o, const char *s, int len)
{
    for (int i = 0; i < len; i++)
        out_char(o, s[i]);
}

static void out_repeat(struct out *o, char c, int64_t count)
{
    for (; count > 0; count--)
        out_char(o, c);
}

/* *v /= base; returns the remainder. */
static uint32_t div64(uint64_t *v, uint32_t base)
{
    uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
    if (hi == 0) {
        *v = lo / base;
        return lo % base;
    }
    /* rest < base << 32, so the low word of the quotient takes one bit a step */
    uint64_t rest = (uint64_t)(hi % base) << 32 | lo;
    uint32_t qlo = 0;
    for (int i = 31; i >= 0; i--) {
        if ((rest >> i) >= base) {
            rest -= (uint64_t)base << i;
            qlo |= 1u << i;
        }
    }
    *v = (uint64_t)(hi / base) << 32 | qlo;
    return (uint32_t)rest;
}

/* prefix, zeros '0's and body, padded with spaces to the width on the side '-' picks. */
static void emit_field(struct out *o, const struct spec *sp, const char *prefix, int zeros,
                       const char *body, int len)
{
    int plen = (int)strlen(prefix);
    int64_t fill = (int64_t)sp->width - plen - zeros - len; /* zeros may be near INT_MAX */
    if (!sp->left)
        out_repeat(o, ' ', fill);
    out_chars(o, prefix, plen);
    out_repeat(o, '0', zeros);
    out_chars(o, body, len);
    if (sp->left)
        out_repeat(o, ' ', fill);
}

static void emit_number(struct out *o, const struct spec *sp, const char *prefix, uint64_t v,
                        uint32_t base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    char *d = buf + sizeof(buf);
    while (v || (d == buf + sizeof(buf) && sp->prec != 0))
        *--d = digits[div64(&v, base)];
    int len = (int)(buf + sizeof(buf) - d);
    int zeros = sp->prec > len ? sp->prec - len : 0;
    int room = sp->width - (int)strlen(prefix) - len;
    if (sp->zero && !sp->left && sp->prec < 0 && room > 0)
        zeros = room;
    emit_field(o, sp, prefix, zeros, d, len);
}

static void emit_string(struct out *o, const struct spec *sp, const char *s)
{
    if (!s)
        s = "(null)";
    int len = 0;
    while (s[len] && (sp->prec < 0 || len < sp->prec))
        len++;
    emit_field(o, sp, "", 0, s, len);
}

static int64_t arg_signed(va_list *ap, int size)
{
    return size == 8 ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static uint64_t arg_unsigned(va_list *ap, int size)
{
    return size == 8 ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
}

/* Emit conversion c; returns 0 when c is not one we know (nothing emitted then). */
static int emit_conv(struct out *o, struct spec *sp, char c, va_list *ap)
{
    int64_t sv;
    char ch;
    switch (c) {
    case 'd':
    case 'i':
        sv = arg_signed(ap, sp->size);
        emit_number(o, sp, sv < 0 ? "-" : "", sv < 0 ? 0 - (uint64_t)sv : (uint64_t)sv, 10, 0);
        return 1;
    case 'u':
        emit_number(o, sp, "", arg_unsigned(ap, sp->size), 10, 0);
        return 1;
    case 'x':
    case 'X':
        emit_number(o, sp, "", arg_unsigned(ap, sp->size), 16, c == 'X');
        return 1;
    case 'p':
        sp->prec = sp->prec < 8 ? 8 : sp->prec;
        emit_number(o, sp, "0x", (uintptr_t)va_arg(*ap, void *), 16, 0);
        return 1;
    case 's':
        emit_string(o, sp, va_arg(*ap, const char *));
        return 1;
    case 'c':
        ch = (char)va_arg(*ap, int);
        emit_field(o, sp, "", 0, &ch, 1);
        return 1;
    case '%':
        out_char(o, '%');
        return 1;
    default:
        return 0;
    }
}

/* A run of decimal digits; -1 when its value does not fit in an int. */
static int parse_digits(const char **f)
{
    int v = 0;
    for (; **f >= '0' && **f <= '9'; (*f)++) {
        int d = **f - '0';
        v = v < 0 || v > (INT32_MAX - d) / 10 ? -1 : v * 10 + d;
    }
    return v;
}

/* Parse flags, width, precision and length after a '%'; returns where the conversion is. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){.prec = -1, .size = sizeof(int)};
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    if (*f == '*') {
        int w = va_arg(*ap, int);
        f++;
        if (w < 0) { /* a negative width is a '-' flag */
            sp->left = 1;
            w = w < -INT32_MAX ? INT32_MAX : -w;
        }
        sp->width = w;
    } else {
        sp->width = parse_digits(&f);
        sp->bad |= sp->width < 0;
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int); /* a negative one counts as none */
            f++;
        } else {
            sp->prec = parse_digits(&f);
            sp->bad |= sp->prec < 0;
        }
    }
    if (*f == 'z') {
        sp->size = sizeof(size_t);
        f++;
    } else if (*f == 'l') {
        f++;
        sp->size = *f == 'l' ? sizeof(long long) : sizeof(long);
        f += *f == 'l';
    }
    return f;
}

int fmt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
    struct out o = {put, ctx, 0};
    va_list aq;
    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%') {
            out_char(&o, *fmt++);
            continue;
        }
        const char *start = fmt;
        struct spec sp;
        fmt = parse_spec(fmt + 1, &sp, &aq);
        if (*fmt && !sp.bad && emit_conv(&o, &sp, *fmt, &aq)) {
            fmt++;
            continue;
        }
        /* unknown, too wide, or cut short by the end of the string: copy it as it stands */
        fmt += *fmt != 0;
        out_chars(&o, start, (int)(fmt - start));
    }
    va_end(aq);
    return o.n;
}

struct sbuf {
    char *buf;
    size_t size, len;
};

static void sbuf_put(void *ctx, char c)
{
    struct sbuf *s = ctx;
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sbuf s = {buf, size, 0};
    int n = fmt_vformat(sbuf_put, &s, fmt, ap);
    if (size)
        buf[s.len < size ? s.len : size - 1] = 0;
    return n;
}

int snformat(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
