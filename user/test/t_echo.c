/*
 * Helper of the IPC tests (not a test itself). Started as "t_echo PARENT",
 * it says hello to PARENT (a thread id), then answers every call:
 *   MSG_PING{seq, _, _, x} -> MSG_OK{seq + 1, calls so far, sender it saw, x + 1}
 *   MSG_OK                 -> MSG_OK{calls so far} and the program ends
 *   MSG_KILL               -> the program ends without answering
 */
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
        m = (msg_t){MSG_OK, {m.w[0] + 1, calls, sender, m.w[3] + 1}};
        r = ipc_reply_recv(sender, &m, &sender);
    }
    return 1;
}
