/* Userspace stand-in for the kernel header, for the unit tests only. */
#define div64_u64(a, b) ((a) / (b))
