/* Userspace stand-in for the kernel header, for the unit tests only. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
