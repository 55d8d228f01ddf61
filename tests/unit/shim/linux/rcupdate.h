/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_RCUPDATE_H
#define SHIM_RCUPDATE_H
struct rcu_head { void *next; };
#endif
