"""ipctrace: decode the kernel's IPC trace stream (libipc/include/abi/trace.h).

Modules: abi (reads the ABI headers), decode (bytes to records), model
(names and call/reply pairing), fmt (argument rendering), and one module
per output: text, chrome, svg, summary. cli ties them together.
"""
