/*
 * Host tests of libipc/cmdline.c: the boot command-line parser. Known keys
 * are stored, the kernel path GRUB puts first is skipped, and every other
 * word that is not a known key=value is counted and (the first few) kept.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>

#include "libipc/cmdline.c"

static struct cmdline c;

/* Fill c with garbage, so that the parser must clear what it does not set. */
static void setup(void)
{
    memset(&c, 0x5A, sizeof(c));
}

/* A word of n copies of ch after prefix. */
static const char *word(const char *prefix, char ch, size_t n)
{
    static char buf[256];
    size_t p = strlen(prefix);
    ck_assert_uint_lt(p + n, sizeof(buf));
    memcpy(buf, prefix, p);
    memset(buf + p, ch, n);
    buf[p + n] = 0;
    return buf;
}

static void assert_none_present(void)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        ck_assert_uint_eq(c.present[i], 0);
        ck_assert_ptr_null(cmdline_get(&c, (enum cmdline_opt)i, NULL));
    }
}

/* ---- empty input ---- */

START_TEST(test_null_line)
{
    ck_assert_int_eq(cmdline_parse(NULL, &c), 0);
    ck_assert_int_eq(c.nunknown, 0);
    assert_none_present();
}
END_TEST

START_TEST(test_empty_line)
{
    ck_assert_int_eq(cmdline_parse("", &c), 0);
    assert_none_present();
    ck_assert_int_eq(cmdline_parse(" \t  \t", &c), 0);
    assert_none_present();
}
END_TEST

START_TEST(test_kernel_path_only)
{
    ck_assert_int_eq(cmdline_parse("/boot/kernel.elf", &c), 0);
    assert_none_present();
    ck_assert_int_eq(cmdline_parse("  /boot/kernel.elf  ", &c), 0);
    assert_none_present();
}
END_TEST

/* ---- known keys ---- */

START_TEST(test_all_keys_any_order)
{
    const char *line = "/boot/kernel.elf quiet=1 trace=ipc:pager,quota init=test "
                       "selftest=pagefault pager.policy=prefetch:4";
    ck_assert_int_eq(cmdline_parse(line, &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, "sh"), "test");
    ck_assert_str_eq(cmdline_get(&c, OPT_POLICY, "demand"), "prefetch:4");
    ck_assert_str_eq(cmdline_get(&c, OPT_TRACE, ""), "ipc:pager,quota");
    ck_assert_str_eq(cmdline_get(&c, OPT_SELFTEST, ""), "pagefault");
    ck_assert_str_eq(cmdline_get(&c, OPT_QUIET, "0"), "1");
    for (int i = 0; i < OPT_COUNT; i++)
        ck_assert_uint_eq(c.present[i], 1);
}
END_TEST

/* Without the kernel path, the first word is an option like any other. */
START_TEST(test_first_word_with_value)
{
    ck_assert_int_eq(cmdline_parse("init=bench pager.policy=clock", &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, "sh"), "bench");
    ck_assert_str_eq(cmdline_get(&c, OPT_POLICY, "demand"), "clock");
    ck_assert_uint_eq(c.present[OPT_TRACE], 0);
}
END_TEST

START_TEST(test_get_default_when_absent)
{
    cmdline_parse("/boot/kernel.elf init=sh", &c);
    ck_assert_str_eq(cmdline_get(&c, OPT_POLICY, "demand"), "demand");
    ck_assert_ptr_null(cmdline_get(&c, OPT_TRACE, NULL));
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, "test"), "sh");
}
END_TEST

START_TEST(test_repeated_key_last_wins)
{
    ck_assert_int_eq(cmdline_parse("k init=test init=bench init=sh", &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "sh");
    ck_assert_int_eq(cmdline_parse("k pager.policy=prefetch:16 pager.policy=eager", &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_POLICY, ""), "eager");
}
END_TEST

START_TEST(test_tabs_and_spaces)
{
    ck_assert_int_eq(cmdline_parse("\t /boot/k \t\tinit=test   \t quiet=1\t", &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "test");
    ck_assert_str_eq(cmdline_get(&c, OPT_QUIET, ""), "1");
}
END_TEST

/* Only the first '=' splits: the value may hold more. */
START_TEST(test_value_with_equals)
{
    ck_assert_int_eq(cmdline_parse("k trace=ipc=all", &c), 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_TRACE, ""), "ipc=all");
}
END_TEST

START_TEST(test_value_longest)
{
    const char *w = word("init=", 'x', CMDLINE_VALUE_MAX - 1);
    ck_assert_int_eq(cmdline_parse(w, &c), 0);
    const char *v = cmdline_get(&c, OPT_INIT, "");
    ck_assert_uint_eq(strlen(v), CMDLINE_VALUE_MAX - 1);
    ck_assert_str_eq(v, w + 5);
}
END_TEST

/* ---- unknown and malformed words ---- */

START_TEST(test_unknown_key)
{
    ck_assert_int_eq(cmdline_parse("/boot/k mem=64M init=test", &c), 1);
    ck_assert_int_eq(c.nunknown, 1);
    ck_assert_str_eq(c.unknown[0], "mem=64M");
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "test");
}
END_TEST

/* Keys match whole: a prefix, an extension or another case is unknown. */
START_TEST(test_key_exact_match)
{
    ck_assert_int_eq(cmdline_parse("k ini=sh inits=sh INIT=sh pager=clock policy=clock", &c), 5);
    ck_assert_int_eq(c.nunknown, 5);
    ck_assert_str_eq(c.unknown[0], "ini=sh");
    ck_assert_str_eq(c.unknown[1], "inits=sh");
    ck_assert_str_eq(c.unknown[2], "INIT=sh");
    ck_assert_str_eq(c.unknown[3], "pager=clock");
    assert_none_present();
}
END_TEST

/* The kernel path is skipped only as the first word. */
START_TEST(test_bare_word_later)
{
    ck_assert_int_eq(cmdline_parse("/boot/kernel.elf init=sh /boot/kernel.elf quiet", &c), 2);
    ck_assert_str_eq(c.unknown[0], "/boot/kernel.elf");
    ck_assert_str_eq(c.unknown[1], "quiet");
    ck_assert_uint_eq(c.present[OPT_QUIET], 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "sh");
}
END_TEST

START_TEST(test_empty_value)
{
    ck_assert_int_eq(cmdline_parse("k init= quiet=1", &c), 1);
    ck_assert_str_eq(c.unknown[0], "init=");
    ck_assert_uint_eq(c.present[OPT_INIT], 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, "sh"), "sh");
    ck_assert_str_eq(cmdline_get(&c, OPT_QUIET, ""), "1");
}
END_TEST

START_TEST(test_empty_key)
{
    ck_assert_int_eq(cmdline_parse("=sh =", &c), 2);
    ck_assert_str_eq(c.unknown[0], "=sh");
    ck_assert_str_eq(c.unknown[1], "=");
    assert_none_present();
}
END_TEST

/* A malformed later word does not undo an earlier good one. */
START_TEST(test_bad_repeat_keeps_value)
{
    ck_assert_int_eq(cmdline_parse("k init=test init=", &c), 1);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "test");
}
END_TEST

/* A value that does not fit is reported, not cut to fit. */
START_TEST(test_value_too_long)
{
    char line[256];
    snprintf(line, sizeof(line), "k %s quiet=1", word("pager.policy=", 'p', CMDLINE_VALUE_MAX));
    ck_assert_int_eq(cmdline_parse(line, &c), 1);
    ck_assert_uint_eq(c.present[OPT_POLICY], 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_POLICY, "demand"), "demand");
    ck_assert_str_eq(cmdline_get(&c, OPT_QUIET, ""), "1");
    ck_assert_uint_eq(strlen(c.unknown[0]), CMDLINE_VALUE_MAX - 1);
    ck_assert_int_eq(strncmp(c.unknown[0], "pager.policy=ppp", 16), 0);
}
END_TEST

/* An unknown word too long to keep is kept cut, still NUL-terminated. */
START_TEST(test_unknown_word_too_long)
{
    ck_assert_int_eq(cmdline_parse(word("k ", 'u', 200), &c), 1);
    ck_assert_uint_eq(strlen(c.unknown[0]), CMDLINE_VALUE_MAX - 1);
    ck_assert_str_eq(c.unknown[0], word("", 'u', CMDLINE_VALUE_MAX - 1));
}
END_TEST

START_TEST(test_unknown_overflow)
{
    const char *line = "k a=1 b c=3 d=4 e=5 f init=test g=7";
    ck_assert_int_eq(cmdline_parse(line, &c), 7);
    ck_assert_int_eq(c.nunknown, 7);
    ck_assert_str_eq(c.unknown[0], "a=1");
    ck_assert_str_eq(c.unknown[1], "b");
    ck_assert_str_eq(c.unknown[2], "c=3");
    ck_assert_str_eq(c.unknown[CMDLINE_UNKNOWN_MAX - 1], "d=4");
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, ""), "test");
}
END_TEST

/* A second parse starts from nothing. */
START_TEST(test_reparse_clears)
{
    cmdline_parse("k init=test x=1", &c);
    ck_assert_int_eq(cmdline_parse("k quiet=1", &c), 0);
    ck_assert_int_eq(c.nunknown, 0);
    ck_assert_uint_eq(c.present[OPT_INIT], 0);
    ck_assert_str_eq(cmdline_get(&c, OPT_INIT, "sh"), "sh");
}
END_TEST

/* ---- key names ---- */

START_TEST(test_key_names)
{
    ck_assert_str_eq(cmdline_key(OPT_INIT), "init");
    ck_assert_str_eq(cmdline_key(OPT_POLICY), "pager.policy");
    ck_assert_str_eq(cmdline_key(OPT_TRACE), "trace");
    ck_assert_str_eq(cmdline_key(OPT_SELFTEST), "selftest");
    ck_assert_str_eq(cmdline_key(OPT_QUIET), "quiet");
    ck_assert_str_eq(cmdline_key(OPT_COUNT), "");
    ck_assert_str_eq(cmdline_key((enum cmdline_opt)1000), "");
}
END_TEST

/* Every key name, given a value, sets its own option and no other. */
START_TEST(test_key_round_trip)
{
    char line[128];
    snprintf(line, sizeof(line), "k %s=v%d", cmdline_key((enum cmdline_opt)_i), _i);
    ck_assert_int_eq(cmdline_parse(line, &c), 0);
    for (int i = 0; i < OPT_COUNT; i++)
        ck_assert_uint_eq(c.present[i], i == _i);
    snprintf(line, sizeof(line), "v%d", _i);
    ck_assert_str_eq(cmdline_get(&c, (enum cmdline_opt)_i, ""), line);
}
END_TEST

UNIT_MAIN("cmdline",
          {"known", .setup = setup,
           .tests = UNIT_TESTS(test_null_line, test_empty_line, test_kernel_path_only,
                               test_all_keys_any_order, test_first_word_with_value,
                               test_get_default_when_absent, test_repeated_key_last_wins,
                               test_tabs_and_spaces, test_value_with_equals, test_value_longest)},
          {"unknown", .setup = setup,
           .tests = UNIT_TESTS(test_unknown_key, test_key_exact_match, test_bare_word_later,
                               test_empty_value, test_empty_key, test_bad_repeat_keeps_value,
                               test_value_too_long, test_unknown_word_too_long,
                               test_unknown_overflow, test_reparse_clears)},
          {"names", .setup = setup, .tests = UNIT_TESTS(test_key_names),
           .loop = UNIT_LOOPS({test_key_round_trip, 0, OPT_COUNT, 0})})
