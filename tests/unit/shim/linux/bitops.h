/* Userspace stand-in for the kernel header, for the unit tests only. */
#define hweight64(x) __builtin_popcountll(x)
#define __ffs64(x) ((unsigned int)__builtin_ctzll(x))
