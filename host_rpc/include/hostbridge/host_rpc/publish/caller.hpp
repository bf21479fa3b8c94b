#pragma once
// The caller's file, line and function as default arguments (Logger, PublishError): GCC, Clang
// and MSVC (19.27+) have these builtins (what std::source_location is made of in C++20).
// Elsewhere: unknown.

#if defined(__GNUC__) || defined(__clang__) || (defined(_MSC_VER) && _MSC_VER >= 1927)
#define HOSTBRIDGE_CALLER_FILE __builtin_FILE()
#define HOSTBRIDGE_CALLER_LINE __builtin_LINE()
#define HOSTBRIDGE_CALLER_FUNCTION __builtin_FUNCTION()
#else
#define HOSTBRIDGE_CALLER_FILE ""
#define HOSTBRIDGE_CALLER_LINE 0
#define HOSTBRIDGE_CALLER_FUNCTION ""
#endif
