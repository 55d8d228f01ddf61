# shellcheck shell=bash
# Named QEMU CXL topologies. Sourced by run.sh.
#   one   1 host bridge, 1 root port, 1 Type-3 device (256 MiB volatile)
#   two   1 host bridge, 2 root ports, 2 devices: 2-way interleave at the host bridge
#   four  2 host bridges x 2 root ports, 4 devices: 4-way (root decoder 2-way x 256 B)
#   three 3 host bridges x 1 root port, 3 devices: 3-way (root decoder 3-way x 256 B),
#         window base a multiple of 768 MiB; three_unaligned: the same, base not aligned
#   six_unaligned  3 host bridges x 2 root ports, 6 devices: 6-way under a 3-way root,
#         window base not a multiple of 768 MiB
#   xor2  2 host bridges x 1 root port, 2 devices: 2-way at the root (x 256 B); with a
#         "# cedt: xor" test header the window decodes by XOR
#   sw4   1 host bridge, 1 root port, a switch with 4 downstream ports, 4 devices
#   sw8   2 host bridges x 2 root ports, a switch with 2 downstream ports below each
#         root port, 8 devices: interleave at root, host bridge and switch
#   sw16  as sw8 with 4 downstream ports per switch: 16 devices
#   mock  no CXL device at all, two NUMA nodes: for the kernel's CXL mock
#         (cxl_test, "# mock: cxl_test"), whose devices are platform devices

# type3 IDX BUS: one volatile Type-3 device with serial 0x1000+IDX on root port BUS.
_type3() {
	printf -- '-object memory-backend-ram,id=vmem%d,share=on,size=256M ' "$1"
	printf -- '-device cxl-type3,bus=%s,volatile-memdev=vmem%d,id=cxl-vmem%d,sn=%#x ' \
		"$2" "$1" "$1" $((0x1000 + $1))
}

# rp HB PORT SLOT
_rp() {
	printf -- '-device cxl-rp,port=%d,bus=%s,id=rp%d,chassis=0,slot=%d ' "$2" "$1" "$3" "$3"
}

# switch RP SWITCH PORTS FIRST: a switch below root port rpRP with PORTS
# downstream ports, devices FIRST.. on them (slots 32 up, one per port).
_switch() {
	local i
	printf -- '-device cxl-upstream,bus=rp%d,id=us%d ' "$1" "$2"
	for i in $(seq 0 $(($3 - 1))); do
		printf -- '-device cxl-downstream,port=%d,bus=us%d,id=ds%d,chassis=0,slot=%d ' \
			"$i" "$2" $(($4 + i)) $((32 + $4 + i))
		_type3 $(($4 + i)) ds$(($4 + i))
	done
}

# switched HB_COUNT RP_PER_HB DS_PER_SWITCH: a switch below every root port.
_switched() {
	local hb rp n=0 sw=0
	for hb in $(seq 1 "$1"); do
		printf -- '-device pxb-cxl,bus_nr=%d,bus=pcie.0,id=cxl.%d ' $((hb * 52 - 40)) "$hb"
	done
	for hb in $(seq 1 "$1"); do
		for rp in $(seq 0 $(($2 - 1))); do
			_rp "cxl.$hb" "$rp" "$sw"
			_switch "$sw" "$sw" "$3" "$n"
			n=$((n + $3)) sw=$((sw + 1))
		done
	done
	printf -- '-M cxl-fmw.0.targets.0=cxl.1,'
	[ "$1" = 2 ] && printf -- 'cxl-fmw.0.targets.1=cxl.2,'
	printf -- 'cxl-fmw.0.size=8G,cxl-fmw.0.interleave-granularity=256 '
}

topology_args() {
	case $1 in
	one)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		_rp cxl.1 0 0; _type3 0 rp0
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=4k '
		;;
	two)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		_rp cxl.1 0 0; _type3 0 rp0
		_rp cxl.1 1 1; _type3 1 rp1
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=4k '
		;;
	four)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		printf -- '-device pxb-cxl,bus_nr=64,bus=pcie.0,id=cxl.2 '
		_rp cxl.1 0 0; _type3 0 rp0
		_rp cxl.1 1 1; _type3 1 rp1
		_rp cxl.2 0 2; _type3 2 rp2
		_rp cxl.2 1 3; _type3 3 rp3
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.targets.1=cxl.2,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=256 '
		;;
	xor2)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		printf -- '-device pxb-cxl,bus_nr=64,bus=pcie.0,id=cxl.2 '
		_rp cxl.1 0 0; _type3 0 rp0
		_rp cxl.2 0 1; _type3 1 rp1
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.targets.1=cxl.2,cxl-fmw.0.size=4G,cxl-fmw.0.interleave-granularity=256 '
		;;
	mock)
		printf -- '-object memory-backend-ram,id=node0,size=1G -numa node,nodeid=0,memdev=node0 '
		printf -- '-object memory-backend-ram,id=node1,size=1G -numa node,nodeid=1,memdev=node1 '
		;;
	sw4) _switched 1 1 4 ;;
	sw8) _switched 2 2 2 ;;
	sw16) _switched 2 2 4 ;;
	six_unaligned)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		printf -- '-device pxb-cxl,bus_nr=64,bus=pcie.0,id=cxl.2 '
		printf -- '-device pxb-cxl,bus_nr=128,bus=pcie.0,id=cxl.3 '
		_rp cxl.1 0 0; _type3 0 rp0
		_rp cxl.1 1 1; _type3 1 rp1
		_rp cxl.2 0 2; _type3 2 rp2
		_rp cxl.2 1 3; _type3 3 rp3
		_rp cxl.3 0 4; _type3 4 rp4
		_rp cxl.3 1 5; _type3 5 rp5
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.targets.1=cxl.2,cxl-fmw.0.targets.2=cxl.3,cxl-fmw.0.size=3G,cxl-fmw.0.interleave-granularity=256 '
		;;
	three | three_unaligned)
		printf -- '-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 '
		printf -- '-device pxb-cxl,bus_nr=64,bus=pcie.0,id=cxl.2 '
		printf -- '-device pxb-cxl,bus_nr=128,bus=pcie.0,id=cxl.3 '
		_rp cxl.1 0 0; _type3 0 rp0
		_rp cxl.2 0 1; _type3 1 rp1
		_rp cxl.3 0 2; _type3 2 rp2
		printf -- '-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.targets.1=cxl.2,cxl-fmw.0.targets.2=cxl.3,cxl-fmw.0.size=3G,cxl-fmw.0.interleave-granularity=256 '
		;;
	*)
		echo "unknown topology '$1'" >&2
		return 1
		;;
	esac
}

# QEMU places the CXL window after hotpluggable memory: maxmem moves its
# base. "three" puts it on a multiple of 3 x 256 MiB, "three_unaligned" not.
topology_mem() {
	case $1 in
	three) echo 2G,maxmem=8704M,slots=8 ;;
	sw16) echo 1G,maxmem=8G,slots=8 ;;
	*) echo 2G,maxmem=8G,slots=8 ;;
	esac
}
