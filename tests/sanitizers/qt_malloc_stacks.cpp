// Linked into every program of a sanitized build that uses hostbridge_ui_core (the target
// hostbridge_qt_malloc_stacks of the top-level CMakeLists.txt: hostbridge-ui and the Qt tests).
// Qt is built without frame pointers, so AddressSanitizer's fast unwinder stops at the first Qt
// frame of an allocation's stack, and a leak of Qt's own caches could then only be suppressed by
// naming a whole Qt library, which would hide our leaks too.
// The slow unwinder sees the whole stack, so tests/sanitizers/lsan.supp can name the cache.
// Only here: it makes allocations several times slower, and no other program needs it.
// ASAN_OPTIONS still overrides these.

extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0:malloc_context_size=16"; }
