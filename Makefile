# SPDX-License-Identifier: GPL-2.0
# cxl_poison_ctl: out-of-tree build, lint and test entry points.
#
#   make [KDIR=<kernel build tree>]   build the module (default: running kernel)
#   make deps                         install/fetch what the tests need
#   make lint                         checkpatch --strict, W=1 and sparse on every header tree
#                                     (real and synthesized), the probes' answers
#   make unit                         userspace unit tests
#   make check                        everything; ends with "N passed, N failed"
#   make bench                        latency benchmark (not part of check)
#   make demo                         narrated tour in a QEMU guest (fetches only what it boots)
#   make baseline                     the stress test against the in-tree files
#   make matrix                       DKMS build + boot on the newest kernel of each Debian suite (found in the archive)
#   make deb                          out/cxl-poison-ctl-dkms_<version>_all.deb
#   make dkms-install [KVER=<release>] (root) sources to /usr/src/cxl_poison_ctl-<version>,
#                                     dkms add/build/install (default: running kernel)
#   make dkms-uninstall               (root) dkms remove --all, delete /usr/src/cxl_poison_ctl-*
#
# The version is VERSION's one line (scripts/version.sh).

KDIR ?= /lib/modules/$(shell uname -r)/build
SRCS := $(wildcard src/*.c src/*.h)

.PHONY: all modules clean deps lint unit check bench baseline demo matrix \
	deb dkms-install dkms-uninstall

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || \
		rm -rf src/*.o src/.*.cmd probes *.ko *.mod* Module.symvers modules.order .*.cmd
	$(MAKE) -C tests/unit clean

deps:
	bash tests/vm/deps.sh

lint:
	bash tests/lint.sh

unit:
	$(MAKE) -C tests/unit run

check:
	bash tests/check.sh

bench:
	bash tests/bench.sh

demo:
	bash tests/demo.sh

baseline:
	bash tests/baseline.sh

matrix:
	bash tests/matrix/matrix.sh

deb:
	bash scripts/build-deb.sh $(CURDIR)/out

dkms-install:
	bash scripts/dkms-install.sh install $(KVER)

dkms-uninstall:
	bash scripts/dkms-install.sh uninstall
