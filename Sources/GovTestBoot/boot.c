#include <stdlib.h>
#include "GovTestBoot.h"

// Swift Testing captures a backtrace for every Swift error thrown anywhere in the process, in case a test later fails
// with it. GovHall's tests throw tens of thousands on purpose (every refused request of the route × role matrix, every
// 404 of the guessing tests), and on a two-core machine that unwinding was a tenth of the suite's CPU. The switch is
// read once, before the first test runs, so it is set here, before `main`, unless the person running the tests set it.
__attribute__((constructor)) static void govhall_tests_skip_thrown_error_backtraces(void) {
    setenv("SWT_SWIFT_ERROR_BACKTRACING_ENABLED", "0", 0);
}

void govhall_test_boot(void) {}
