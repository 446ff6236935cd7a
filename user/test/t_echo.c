/*
 * Helper of the IPC tests (not a test itself). Started as "t_echo PARENT",
 * it says hello to PARENT (a thread id), then answers every call:
 *   MSG_PING{seq, _, _, x} -> MSG_OK{seq + 1, calls so far, sender it saw, x + 1}
 *   MSG_PING{seq, ECHO_CALL_BACK} -> calls the sender back with MSG_PING{seq + 1} (the sender
 *                     waits for our reply), then sends it MSG_OK{answer + 1, calls so far}
 *   MSG_OK                 -> MSG_OK{calls so far} and the program ends
 *   MSG_KILL               -> the program ends without answering
 */
#include "echo.h"
#include "ulib.h"

int main(const char *args)
{
    char word[16];
    const char *rest = next_word(args, word, sizeof(word));
    uint32_t parent = (uint32_t)strtol_simple(rest, 0);
    msg_t m = {MSG_PING, {0, 0, 0, 0}};
    if (ipc_send(parent, &m) < 0)
        return 2;
    uint32_t calls = 0, sender;
    int r = ipc_recv(TID_ANY, &m, &sender);
    while (r == 0) {
        calls++;
        if (m.label == MSG_KILL)
            return 0;
        if (m.label == MSG_OK) {
            m = (msg_t){MSG_OK, {calls, 0, 0, 0}};
            ipc_send_nb(sender, &m);
            return 0;
        }
        if (m.w[1] == ECHO_CALL_BACK) {
            m = (msg_t){MSG_PING, {m.w[0] + 1, 0, 0, 0}};
            if (ipc_call(sender, &m) < 0)
                return 3;
            m = (msg_t){MSG_OK, {m.w[0] + 1, calls, 0, 0}};
            if (ipc_send(sender, &m) < 0)
                return 4;
            r = ipc_recv(TID_ANY, &m, &sender);
            continue;
        }
        m = (msg_t){MSG_OK, {m.w[0] + 1, calls, sender, m.w[3] + 1}};
        r = ipc_reply_recv(sender, &m, &sender);
    }
    return 1;
}
