# The one entry point: make (build), qemu, qemu-nox, qemu-gdb, gdb, iso, bochs,
# test, bench, trace, clean, deps. Everything is built into build/.

CROSS   ?= i686-linux-gnu-
TCC     := $(CROSS)gcc
TLD     := $(CROSS)ld
HOSTCC  ?= gcc
QEMU    ?= qemu-system-i386
PYTHON  ?= python3
B       := build

WARN    := -Wall -Wextra -Werror
# -march=i586: the Pentium is the floor (rdtsc, no cmov); microkernel/cpu.c checks it at boot.
# -mtune=generic: only the instruction set is the Pentium's; tuned for it, the IPC round trip
# took 504 instructions instead of 477 and make bench's 2% trace check failed.
# Objects depend on this Makefile too, so a change of flags rebuilds them.
# The kernel sees libipc (the ABI and the shared code) and its own headers;
# user programs see libipc and user/lib.
FREESTANDING := -m32 -march=i586 -mtune=generic -std=gnu11 -ffreestanding -nostdlib -fno-pie \
                -fno-stack-protector -fno-asynchronous-unwind-tables -O2 -g $(WARN) -MMD -MP \
                -Ilibipc/include
# User code and the kernel keep the stack 4-byte aligned, all the i386 ABI asks (GCC's 16 is for
# SSE, which -march=i586 has not): no padding around calls (make bench, user code: the fault
# 2,007 -> 2,000, sbrk 367 -> 359, spawn+exit+wait 37,074 -> 36,796; then the kernel: the fault
# 1,989 -> 1,985, spawn+exit+wait 36,685 -> 36,561, a swap-in 4,439 -> 4,381).
TCFLAGS := $(FREESTANDING) -mpreferred-stack-boundary=2 -Iuser/lib/include
KCFLAGS := $(FREESTANDING) -mpreferred-stack-boundary=2 -Imicrokernel
HCFLAGS := -std=gnu11 -g -O0 $(WARN) -Ilibipc/include -Iuser/lib/include -Imicrokernel -I.

# ---------------------------------------------------------------- kernel
SHARED_SRCS := libipc/string.c libipc/cmdline.c libipc/elf.c libipc/ustar.c libipc/fmt.c
KERNEL_SRCS := $(wildcard microkernel/*.c) $(SHARED_SRCS)
KERNEL_ASMS := microkernel/boot.S microkernel/trap.S microkernel/fastpath.S
KERNEL_OBJS := $(patsubst %,$(B)/k/%.o,$(KERNEL_SRCS) $(KERNEL_ASMS))

$(B)/k/%.c.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(TCC) $(KCFLAGS) -c $< -o $@

$(B)/k/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(TCC) $(KCFLAGS) -c $< -o $@

$(B)/kernel.elf: $(KERNEL_OBJS) microkernel/linker.ld
	$(TLD) -m elf_i386 -T microkernel/linker.ld -o $@ $(KERNEL_OBJS)

# The same kernel with the IPC trace compiled out, for make bench's comparison.
NOTRACE_OBJS := $(patsubst $(B)/k/%,$(B)/k-notrace/%,$(KERNEL_OBJS))

$(B)/k-notrace/%.c.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC [nt] $<"
	@$(TCC) $(KCFLAGS) -DKERNEL_NO_TRACE -c $< -o $@

$(B)/k-notrace/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@$(TCC) $(KCFLAGS) -DKERNEL_NO_TRACE -c $< -o $@

$(B)/kernel-notrace.elf: $(NOTRACE_OBJS) microkernel/linker.ld
	$(TLD) -m elf_i386 -T microkernel/linker.ld -o $@ $(NOTRACE_OBJS)

# ---------------------------------------------------------------- user space
LIBGCC := $(shell $(TCC) -m32 -print-libgcc-file-name)
# libuser: syscall stubs, client stubs and the small libc every program links.
LIBUSER_SRCS := $(wildcard libipc/*.c) $(wildcard libipc/*.S) $(wildcard user/lib/*.c) \
                $(wildcard user/lib/*.S)
LIBUSER_OBJS := $(patsubst %,$(B)/u/%.o,$(LIBUSER_SRCS))

$(B)/u/%.c.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC [u]  $<"
	@$(TCC) $(TCFLAGS) -c $< -o $@

$(B)/u/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@echo "  CC [u]  $<"
	@$(TCC) $(TCFLAGS) -c $< -o $@

$(B)/libuser.a: $(LIBUSER_OBJS)
	rm -f $@
	$(CROSS)ar rcs $@ $^

# A program is a folder of sources (servers/quota) or one file (user/sh.c).
# Its description in help is the opening comment of its header NAME.h in
# the folder, or else of its main.c, or of its one file (tools/mkinitrd).
define program
$(B)/bin/$(1): $(patsubst %,$(B)/u/%.o,$(2)) $(B)/libuser.a user/lib/user.ld
	@mkdir -p $(B)/bin
	$(TLD) -m elf_i386 -T user/lib/user.ld -o $$@ $$(filter %.o,$$^) $(B)/libuser.a $(LIBGCC)
PROGRAMS += $(B)/bin/$(1)
ABOUT += --about $(1)=$(firstword $(filter %/$(1).h %/main.c,$(wildcard $(dir $(firstword $(2)))$(1).h) $(2)) $(2))
endef

$(eval $(call program,quota,$(wildcard servers/quota/*.c)))
$(eval $(call program,pager,$(wildcard servers/pager/*.c) $(wildcard servers/pager/policy/*.c)))
$(eval $(call program,swap,$(wildcard servers/swap/*.c)))
USER_PROGS := $(basename $(notdir $(wildcard user/*.c)))
$(foreach p,$(USER_PROGS),$(eval $(call program,$(p),user/$(p).c)))
TEST_PROGS := $(basename $(notdir $(wildcard user/test/*.c)))
$(foreach p,$(TEST_PROGS),$(eval $(call program,$(p),user/test/$(p).c)))
# t_hello again under a name longer than the pager's 16-byte process name (sh boot test).
LONG_NAME := t_hello_under_a_name_longer_than_16_chars
$(eval $(call program,$(LONG_NAME),user/test/t_hello.c))

# init=test runs the tests of user/test/TESTS; making this header checks that
# list against the sources (docs/testing.md).
$(B)/gen/tests.h: user/test/TESTS test/boot/testlist.py $(wildcard user/test/*.c)
	@$(PYTHON) test/boot/testlist.py $@
$(B)/u/user/init.c.o: $(B)/gen/tests.h
$(B)/u/user/init.c.o: TCFLAGS += -I$(B)/gen

$(B)/initrd.tar: $(PROGRAMS) tools/mkinitrd
	$(PYTHON) tools/mkinitrd $@ $(ABOUT) $(PROGRAMS)

# The swap disk: 8 MiB of zeros, 2048 page slots (servers/swap, docs/swap.md).
$(B)/swap.img:
	@mkdir -p $(B)
	truncate -s 8M $@

# A 16-slot disk for the test of a full swap store.
$(B)/swap-small.img:
	@mkdir -p $(B)
	truncate -s 64K $@

all: $(B)/kernel.elf $(B)/initrd.tar $(B)/swap.img $(B)/swap-small.img
.DEFAULT_GOAL := all

# ---------------------------------------------------------------- running
QEMU_MEM  ?= 128
APPEND    ?=
QEMU_BASE := -kernel $(B)/kernel.elf -initrd $(B)/initrd.tar -m $(QEMU_MEM) -no-reboot \
             -device isa-debug-exit,iobase=0xf4,iosize=0x04 -append "$(APPEND)" \
             -drive file=$(B)/swap.img,format=raw,if=ide,index=2,snapshot=on
DEPS_OK   := $(B)/.deps-ok
# COM2 carries the IPC trace (tracectl on, trace=ipc): decode with tools/ipctrace.
TRACE_PORT := -serial file:$(B)/trace.bin
# COM1 on this terminal, shared with the QEMU monitor: Ctrl-A x ends QEMU, Ctrl-A c switches to
# the monitor; Ctrl-C is a key for the system (it ends the program in the foreground).
CONSOLE   := -chardev stdio,id=console,mux=on,signal=off -serial chardev:console \
             -mon chardev=console

$(DEPS_OK): scripts/deps.sh
	bash scripts/deps.sh
	@mkdir -p $(B) && touch $@

deps:
	bash scripts/deps.sh

# With a display: a window shows the VGA screen and takes keys, COM1 stays in the terminal.
# QEMU needs Debian's qemu-system-gui for a window (else it serves VNC in silence): deps.sh gui.
qemu: $(DEPS_OK)
	$(MAKE) all
	@if [ -n "$$DISPLAY" ]; then \
	    $(QEMU) -display help 2>/dev/null | grep -qx gtk || bash scripts/deps.sh gui; \
	    $(QEMU) -display help 2>/dev/null | grep -qx gtk || \
	        { echo "make qemu: QEMU cannot open a window: install qemu-system-gui, or use make qemu-nox"; exit 1; }; \
	    $(QEMU) $(QEMU_BASE) -display gtk $(CONSOLE) $(TRACE_PORT); \
	else \
	    $(QEMU) $(QEMU_BASE) -display none $(CONSOLE) $(TRACE_PORT); \
	fi; true

qemu-nox: $(DEPS_OK)
	$(MAKE) all
	$(QEMU) $(QEMU_BASE) -display none $(CONSOLE) $(TRACE_PORT); true

qemu-gdb: $(DEPS_OK)
	$(MAKE) all
	@echo "gdb stub on localhost:1234; run 'make gdb' in another terminal"
	$(QEMU) $(QEMU_BASE) -display none $(CONSOLE) -S -gdb tcp::1234; true

# PROG=NAME also loads build/bin/NAME's symbols (pager, quota, swap, sh, any program):
# every program is linked at the same addresses, see docs/tools.md for breaking in one task.
PROG ?=
gdb:
	@if [ -n "$(PROG)" ] && [ ! -f $(B)/bin/$(PROG) ]; then \
	    echo "make gdb: no program '$(PROG)' in $(B)/bin (make all builds them)"; exit 1; fi
	gdb -q $(B)/kernel.elf -ex 'target remote localhost:1234' \
	    $(if $(PROG),-ex 'add-symbol-file $(B)/bin/$(PROG)')

$(B)/kernel.iso: $(B)/kernel.elf $(B)/initrd.tar scripts/grub.cfg
	rm -rf $(B)/iso && mkdir -p $(B)/iso/boot/grub
	cp $(B)/kernel.elf $(B)/iso/boot/kernel.elf
	cp $(B)/initrd.tar $(B)/iso/boot/initrd.tar
	cp scripts/grub.cfg $(B)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/iso 2>$(B)/grub-mkrescue.log || { cat $(B)/grub-mkrescue.log; exit 1; }

iso: $(B)/kernel.iso

# Bochs' text display in this terminal, keys to the guest's keyboard (scripts/bochsterm.py);
# leave with 'poweroff' at the prompt, or Ctrl-] to stop Bochs.
bochs: $(DEPS_OK) $(B)/kernel.iso $(B)/swap.img
	cd $(B) && $(PYTHON) ../scripts/bochsterm.py ../scripts/bochsrc ../scripts/bochs-cont.rc

# ---------------------------------------------------------------- tests
UNIT_TESTS := $(basename $(notdir $(wildcard test/unit/test_*.c)))
UNIT_BINS  := $(patsubst %,$(B)/unit/%,$(UNIT_TESTS))
CHECK_FLAGS = $(shell pkg-config --cflags --libs check)

# A test is its one file (which #includes what it tests), plus UNIT_SRCS.
$(B)/unit/%: test/unit/%.c
	@mkdir -p $(B)/unit
	@rm -f $(B)/unit/$*.gcda $(B)/unit/$*-*.gcda
	$(HOSTCC) $(HCFLAGS) -MMD -MP --coverage $< $(UNIT_SRCS) $(CHECK_FLAGS) -o $@

# test_policy links every policy file (the resident list among them), so a new
# policy builds here unmentioned.
POLICY_SRCS := $(wildcard servers/pager/policy/*.c)
$(B)/unit/test_policy: UNIT_SRCS := $(POLICY_SRCS)
$(B)/unit/test_policy: $(POLICY_SRCS)

unit: $(UNIT_BINS)

# libFuzzer harnesses over the parsers and the servers' data structures (docs/fuzz.md).
FUZZ_CC    ?= clang
FUZZ_FLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              $(WARN) -Ilibipc/include -Iuser/lib/include -Imicrokernel -I.
FUZZ_BINS  := $(patsubst test/fuzz/%.c,$(B)/fuzz/%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_S     ?= 60
FUZZ_PARTS ?= harnesses,guest,hammer

$(B)/fuzz/%: test/fuzz/%.c test/fuzz/harness.h Makefile
	@mkdir -p $(B)/fuzz
	@echo "  FUZZ    $<"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -MMD -MP $< -o $@

fuzzers: $(FUZZ_BINS)

# FUZZ_S seconds, half to the harnesses, half to the guest fuzzer and the hammer booted in QEMU;
# FUZZ_PARTS=guest (or hammer, harnesses, a comma-separated list) gives one part all of it.
fuzz: $(DEPS_OK)
	$(MAKE) all fuzzers
	FUZZ_PARTS=$(FUZZ_PARTS) $(PYTHON) test/fuzz.py $(FUZZ_S)

test: $(DEPS_OK)
	$(MAKE) all unit fuzzers iso
	$(PYTHON) test/run.py

# Boot the demo with IPC tracing on; decode COM2 into text, Chrome JSON and an SVG chart.
trace: $(DEPS_OK)
	$(MAKE) all
	$(QEMU) $(subst -append "$(APPEND)",-append "init=demo trace=ipc",$(QEMU_BASE)) \
	    -display none -monitor none -serial file:$(B)/trace-console.txt \
	    -serial file:$(B)/trace.bin; true
	$(PYTHON) tools/ipctrace text $(B)/trace.bin > $(B)/trace.txt
	$(PYTHON) tools/ipctrace json $(B)/trace.bin -o $(B)/trace.json
	$(PYTHON) tools/ipctrace svg $(B)/trace.bin -o $(B)/trace.svg
	$(PYTHON) tools/ipctrace summary $(B)/trace.bin | head -40
	@echo "wrote $(B)/trace.txt, $(B)/trace.json (open in ui.perfetto.dev) and $(B)/trace.svg"

bench: $(DEPS_OK)
	$(MAKE) all $(B)/kernel-notrace.elf
	$(PYTHON) test/bench.py

# Line coverage of the code the host unit tests run (gcovr), and the sources no unit test compiles.
coverage: $(DEPS_OK)
	$(MAKE) unit
	$(PYTHON) test/run.py unit
	gcovr -r . --object-directory $(B)/unit --exclude 'test/' --print-summary \
	    --html-details -o $(B)/coverage.html
	@echo "wrote $(B)/coverage.html"
	@$(PYTHON) scripts/untested.py

# spawn+exit+wait with 1,000 more files in the initrd than the build's (test/bench_initrd.py).
bench-initrd: $(DEPS_OK)
	$(MAKE) all
	$(PYTHON) test/bench_initrd.py

# How costs grow with the size of the system (issue 10): a 1 GiB machine, user/bscale.c at its shell.
bench-scale: $(DEPS_OK)
	$(MAKE) all
	$(PYTHON) test/bench_scale.py

bench-policies: $(DEPS_OK)
	$(MAKE) all
	$(PYTHON) test/bench_policies.py

clean:
	rm -rf $(B)

.PHONY: all deps qemu qemu-nox qemu-gdb gdb iso bochs unit fuzzers fuzz test bench bench-initrd bench-scale bench-policies trace coverage clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
