/*
 * The formatter behind kprintf, printf and snformat. 64-bit conversions
 * divide by repeated 64-by-32 steps so no libgcc helper is needed.
 */
#include "fmt.h"
#include <stdint.h>

struct spec {
    int left, zero, width, prec, longs;
};

/* v /= base, returning the remainder, without __udivdi3. */
static unsigned div64(uint64_t *v, unsigned base)
{
    uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
    uint32_t qhi = hi / base;
    uint64_t rest = ((uint64_t)(hi % base) << 32) | lo;
    uint32_t qlo = 0, r;
    /* rest < base * 2^32, so the quotient fits 32 bits: long division by bits */
    uint64_t d = (uint64_t)base << 31;
    for (int i = 31; i >= 0; i--, d >>= 1) {
        if (rest >= d) {
            rest -= d;
            qlo |= 1u << i;
        }
    }
    r = (uint32_t)rest;
    *v = ((uint64_t)qhi << 32) | qlo;
    return r;
}

static int emit_padded(void (*put)(void *, char), void *ctx, const char *s, int len,
                       const struct spec *sp, char pad)
{
    int n = 0;
    int fill = sp->width > len ? sp->width - len : 0;
    if (!sp->left)
        for (; fill > 0; fill--, n++)
            put(ctx, pad);
    for (int i = 0; i < len; i++, n++)
        put(ctx, s[i]);
    for (; fill > 0; fill--, n++)
        put(ctx, ' ');
    return n;
}

static int emit_number(void (*put)(void *, char), void *ctx, uint64_t v, int neg, unsigned base,
                       int upper, const struct spec *sp)
{
    char buf[24];
    int i = sizeof(buf);
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[--i] = digits[div64(&v, base)];
    } while (v);
    int n = 0;
    struct spec s2 = *sp;
    if (neg) {
        if (sp->zero) {
            put(ctx, '-');
            n++;
            s2.width = sp->width > 0 ? sp->width - 1 : 0;
        } else {
            buf[--i] = '-';
        }
    }
    return n +
           emit_padded(put, ctx, buf + i, sizeof(buf) - i, &s2, sp->zero && !sp->left ? '0' : ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){0, 0, 0, -1, 0};
    for (;; f++) {
        if (*f == '-')
            sp->left = 1;
        else if (*f == '0')
            sp->zero = 1;
        else
            break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0)
            sp->left = 1, sp->width = -sp->width;
        f++;
    }
    for (; *f >= '0' && *f <= '9'; f++)
        sp->width = sp->width * 10 + (*f - '0');
    if (*f == '.') {
        f++;
        sp->prec = 0;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int);
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            sp->prec = sp->prec * 10 + (*f - '0');
    }
    for (; *f == 'l' || *f == 'z'; f++)
        sp->longs += *f == 'l' ? 1 : 0;
    return f;
}

static int emit_string(void (*put)(void *, char), void *ctx, const char *s, const struct spec *sp)
{
    if (!s)
        s = "(null)";
    int len = 0;
    while (s[len] && (sp->prec < 0 || len < sp->prec))
        len++;
    return emit_padded(put, ctx, s, len, sp, ' ');
}

static int emit_conv(void (*put)(void *, char), void *ctx, char c, struct spec *sp, va_list *ap)
{
    int64_t sv;
    uint64_t uv;
    switch (c) {
    case 'd':
    case 'i':
        sv = sp->longs >= 2 ? va_arg(*ap, int64_t) : (int64_t)va_arg(*ap, int);
        uv = sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
        return emit_number(put, ctx, uv, sv < 0, 10, 0, sp);
    case 'u':
    case 'x':
    case 'X':
        uv = sp->longs >= 2 ? va_arg(*ap, uint64_t) : (uint64_t)va_arg(*ap, unsigned);
        return emit_number(put, ctx, uv, 0, c == 'u' ? 10 : 16, c == 'X', sp);
    case 'p': {
        struct spec ps = {0, 1, 8, -1, 0};
        put(ctx, '0');
        put(ctx, 'x');
        return 2 + emit_number(put, ctx, (uintptr_t)va_arg(*ap, void *), 0, 16, 0, &ps);
    }
    case 's':
        return emit_string(put, ctx, va_arg(*ap, const char *), sp);
    case 'c': {
        char ch = (char)va_arg(*ap, int);
        return emit_padded(put, ctx, &ch, 1, sp, ' ');
    }
    case '%':
        put(ctx, '%');
        return 1;
    default:
        put(ctx, '%');
        put(ctx, c);
        return 2;
    }
}

int fmt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
    int n = 0;
    va_list aq;
    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%') {
            put(ctx, *fmt++);
            n++;
            continue;
        }
        struct spec sp;
        fmt = parse_spec(fmt + 1, &sp, &aq);
        if (!*fmt)
            break;
        n += emit_conv(put, ctx, *fmt++, &sp, &aq);
    }
    va_end(aq);
    return n;
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
