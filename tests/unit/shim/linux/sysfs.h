/* Userspace stand-in for the kernel header, for the unit tests only. */
