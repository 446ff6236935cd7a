/*
 * The PS/2 keyboard (IRQ 1): scancode set 1, as the controller translates
 * by default in QEMU, Bochs and PC firmware, into the bytes a serial
 * terminal sends, so one input queue and one line editor serve both:
 * US layout letters and symbols with Shift and Caps Lock, Ctrl+letter as
 * 1..26 (Ctrl-C is 3), Enter as CR, Backspace as DEL (0x7F), and
 *   arrows  ESC [ A/B/C/D     Home, End  ESC [ H, ESC [ F     Delete  ESC [ 3 ~
 * Keys without a meaning here (F1..F12, Alt, Num Lock, ...) give nothing.
 */
#include "keyboard.h"
#include "console.h"
#include "pic.h"
#include "x86.h"

#define KBD_DATA       0x60
#define KBD_STATUS     0x64
#define STATUS_FULL    0x01 /* a byte waits in KBD_DATA */
#define STATUS_AUX     0x20 /* ... and it comes from the mouse port */
#define CODE_RELEASE   0x80
#define CODE_EXTENDED  0xE0
#define KEY_LSHIFT     0x2A
#define KEY_RSHIFT     0x36
#define KEY_CTRL       0x1D /* right Ctrl is E0 1D */
#define KEY_CAPS       0x3A
#define KEYMAP_ENTRIES 0x3A /* up to Caps Lock; the rest are function keys and the keypad */
#define KEYPAD_FIRST   0x47 /* keypad 7 (Home) .. keypad . (Delete) */
#define KEYPAD_LAST    0x53

/* Scancode -> byte, without and with Shift; 0: no byte. */
static const char plain[KEYMAP_ENTRIES] = {
    0,    0x1B, '1', '2', '3', '4', '5', '6', '7', '8', '9',  '0', '-', '=',  0x7F,
    '\t', 'q',  'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',  '[', ']', '\r', 0,
    'a',  's',  'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
    'x',  'c',  'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',  0,   ' ',
};
static const char shifted[KEYMAP_ENTRIES] = {
    0,    0x1B, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',  0x7F,
    '\t', 'Q',  'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0,
    'A',  'S',  'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|',  'Z',
    'X',  'C',  'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

/* Navigation keys: extended (E0) codes, or the keypad's with Num Lock off. */
static const char *navigation(uint8_t code)
{
    switch (code) {
    case 0x48:
        return "\x1b[A";
    case 0x50:
        return "\x1b[B";
    case 0x4D:
        return "\x1b[C";
    case 0x4B:
        return "\x1b[D";
    case 0x47:
        return "\x1b[H";
    case 0x4F:
        return "\x1b[F";
    case 0x53:
        return "\x1b[3~";
    case 0x1C:
        return "\r"; /* keypad Enter */
    case 0x35:
        return "/"; /* keypad / */
    default:
        return "";
    }
}

static struct {
    uint8_t shift, ctrl, caps, extended;
} mods;

static int is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Track a modifier key; 1 when key was one. E0 2A / E0 AA are fake shifts around some keys. */
static int modifier(uint8_t key, int down, int extended)
{
    if (key == KEY_LSHIFT || key == KEY_RSHIFT) {
        if (!extended)
            mods.shift = (uint8_t)down;
        return 1;
    }
    if (key == KEY_CTRL) {
        mods.ctrl = (uint8_t)down;
        return 1;
    }
    if (key == KEY_CAPS) {
        mods.caps ^= (uint8_t)down;
        return 1;
    }
    return 0;
}

static char letter_or_symbol(uint8_t key)
{
    if (key >= KEYMAP_ENTRIES)
        return 0;
    char c = mods.shift ? shifted[key] : plain[key];
    if (mods.caps && is_letter(plain[key]))
        c = mods.shift ? plain[key] : shifted[key];
    if (mods.ctrl && is_letter(plain[key]))
        c = (char)(plain[key] - 'a' + 1);
    return c;
}

/* One scancode byte in; the bytes it types (NUL-terminated, maybe none) into out. */
void keyboard_decode(uint8_t code, char out[KEY_BYTES_MAX])
{
    out[0] = 0;
    if (code == CODE_EXTENDED) {
        mods.extended = 1;
        return;
    }
    int extended = mods.extended, down = !(code & CODE_RELEASE);
    uint8_t key = code & ~CODE_RELEASE;
    mods.extended = 0;
    if (modifier(key, down, extended) || !down)
        return;
    if (extended || (key >= KEYPAD_FIRST && key <= KEYPAD_LAST)) {
        const char *s = navigation(key);
        int n = 0;
        while (s[n] && n < KEY_BYTES_MAX - 1)
            out[n] = s[n], n++;
        out[n] = 0;
        return;
    }
    out[0] = letter_or_symbol(key);
    out[1] = 0;
}

void keyboard_irq(void)
{
    uint8_t status;
    while ((status = inb(KBD_STATUS)) & STATUS_FULL) {
        uint8_t code = inb(KBD_DATA);
        if (status & STATUS_AUX)
            continue;
        char bytes[KEY_BYTES_MAX];
        keyboard_decode(code, bytes);
        for (const char *b = bytes; *b; b++)
            console_input(*b);
    }
}

void keyboard_init(void)
{
    while (inb(KBD_STATUS) & STATUS_FULL) /* what was typed before boot */
        inb(KBD_DATA);
    pic_unmask_lines(1u << IRQ_KEYBOARD);
}
