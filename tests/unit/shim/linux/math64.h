/* Userspace stand-in for the kernel header, for the unit tests only. */
#include <linux/types.h>
#define div64_u64(a, b) ((a) / (b))
static inline u64 div64_u64_rem(u64 a, u64 b, u64 *rem)
{
	*rem = a % b;
	return a / b;
}
