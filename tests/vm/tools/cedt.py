#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rewrite an ACPI CEDT so that one CXL fixed memory window uses XOR
interleave arithmetic, for the kernel's ACPI table upgrade (an uncompressed
cpio with kernel/firmware/acpi/CEDT.aml in front of the initramfs).

  cedt.py xor IN OUT --maps 0x2020900[,0x4041200...] [--window N]

IN is the firmware's CEDT, as a guest reads /sys/firmware/acpi/tables/CEDT
(raw bytes, or the hex dump `od -An -tx1 -v` prints). OUT gets the table
with CFMWS number N (default 0) set to arithmetic 1 (XOR), one CXIMS
appended whose host-bridge granularity is that window's and whose maps are
--maps, the OEM revision raised by one (the kernel upgrades a table only to
a newer revision) and the checksum fixed.

ACPI 6.5 / CXL 3.2 9.18: table header 36 bytes; each CEDT structure starts
with type (u8), reserved (u8), length (u16). CFMWS (type 1): base u64 at 8,
size u64 at 16, encoded ways u8 at 24, arithmetic u8 at 25, encoded
granularity u32 at 28. CXIMS (type 2): reserved u16 at 4, HBIG u8 at 6,
number of maps u8 at 7, maps u64 from 8.
"""
import argparse
import re
import struct
import sys

HEADER = 36
CFMWS, CXIMS = 1, 2


def read_table(path):
    data = open(path, "rb").read()
    if data[:4] == b"CEDT":
        return bytearray(data)
    hexdigits = re.findall(r"\b[0-9a-fA-F]{2}\b", data.decode("ascii", "replace"))
    return bytearray(int(h, 16) for h in hexdigits)


def structures(table):
    """Offsets of the CEDT structures, with their type and length."""
    off, end = HEADER, struct.unpack_from("<I", table, 4)[0]
    while off + 4 <= end:
        typ, _, length = struct.unpack_from("<BBH", table, off)
        if length < 4:
            sys.exit(f"cedt.py: bad structure length {length} at {off}")
        yield off, typ, length
        off += length


def set_xor(table, window, maps):
    cfmws = [off for off, typ, _ in structures(table) if typ == CFMWS]
    if window >= len(cfmws):
        sys.exit(f"cedt.py: no CFMWS number {window} (the table has {len(cfmws)})")
    off = cfmws[window]
    table[off + 25] = 1
    hbig = struct.unpack_from("<I", table, off + 28)[0]
    cxims = struct.pack("<BBHHBB", CXIMS, 0, 8 + 8 * len(maps), 0, hbig, len(maps))
    cxims += b"".join(struct.pack("<Q", m) for m in maps)
    table += cxims
    struct.pack_into("<I", table, 4, len(table))
    base, size = struct.unpack_from("<QQ", table, off + 8)
    return base, size, hbig


def finish(table):
    oem_rev = struct.unpack_from("<I", table, 24)[0]
    struct.pack_into("<I", table, 24, oem_rev + 1)
    table[9] = 0
    table[9] = (-sum(table)) & 0xFF
    assert sum(table) & 0xFF == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("op", choices=["xor"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--maps", required=True,
                    help="comma-separated XOR maps, lowest bit first in use")
    ap.add_argument("--window", type=int, default=0)
    a = ap.parse_args()
    table = read_table(a.input)
    if table[:4] != b"CEDT" or len(table) < HEADER:
        sys.exit("cedt.py: input is not a CEDT")
    maps = [int(m, 0) for m in a.maps.split(",")]
    base, size, hbig = set_xor(table, a.window, maps)
    finish(table)
    open(a.output, "wb").write(table)
    print(f"cedt.py: CFMWS {a.window} ({base:#x}+{size:#x}, HBIG {hbig}) is XOR with maps "
          + ",".join(f"{m:#x}" for m in maps))


if __name__ == "__main__":
    main()
