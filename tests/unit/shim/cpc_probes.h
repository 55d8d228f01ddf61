/* Userspace stand-in for Kbuild's generated probe answers (src/probes/), for
 * the unit tests only: what this shim offers. kmalloc_obj()/kzalloc_obj()
 * are left to compat.h's fallback, the path an older kernel takes.
 */
#ifndef SHIM_CPC_PROBES_H
#define SHIM_CPC_PROBES_H
#define CPC_HAVE_GUARD_DEVICE 1
#define CPC_HAVE_GUARD_DEVICE_INTR 1
#define CPC_HAVE_IMPORT_NS_TOKEN 1
#endif
