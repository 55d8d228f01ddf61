# shellcheck shell=sh
# check: no
# Not a test: the rig boots it to read the firmware's (QEMU's) ACPI CEDT,
# which tools/cedt.py rewrites for topologies with an XOR window.
echo CPC-CEDT-BEGIN
od -An -tx1 -v /sys/firmware/acpi/tables/CEDT
echo CPC-CEDT-END
