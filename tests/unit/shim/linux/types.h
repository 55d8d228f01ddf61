/* Userspace stand-in for the kernel header, for the unit tests only. */
#ifndef SHIM_TYPES_H
#define SHIM_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef unsigned long long u64;
typedef int64_t s64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
#endif
