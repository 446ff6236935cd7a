/* TAP output for test programs: the host runner reads "ok N - ..." lines. */
#ifndef TAP_H
#define TAP_H

void tap_plan(int n);
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tap_done(void); /* exit status: 0 when every test passed and the plan was met */

#endif
