# shellcheck shell=bash
# Named QEMU CXL topologies. Sourced by run.sh.
#   one   1 host bridge, 1 root port, 1 Type-3 device (256 MiB volatile)
#   two   1 host bridge, 2 root ports, 2 devices: 2-way interleave at the host bridge
#   four  2 host bridges x 2 root ports, 4 devices: 4-way (root decoder 2-way x 256 B)
#   three 3 host bridges x 1 root port, 3 devices: 3-way (root decoder 3-way x 256 B),
#         window base a multiple of 768 MiB; three_unaligned: the same, base not aligned

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
	*) echo 2G,maxmem=8G,slots=8 ;;
	esac
}
