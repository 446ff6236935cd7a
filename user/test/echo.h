/* t_echo's protocol beyond MSG_PING{seq} (t_echo.c), shared with the tests that use it. */
#ifndef USER_TEST_ECHO_H
#define USER_TEST_ECHO_H

/* MSG_PING{seq, ECHO_CALL_BACK}: t_echo calls the sender back before it answers. */
#define ECHO_CALL_BACK 1u

#endif
