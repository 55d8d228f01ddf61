/* Userspace stand-in for the kernel header, for the unit tests only. */
#define is_power_of_2(n) ((n) != 0 && ((n) & ((n) - 1)) == 0)
#define ilog2(n) (63 - __builtin_clzll(n))
