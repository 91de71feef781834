#ifndef GOVTESTBOOT_H
#define GOVTESTBOOT_H

/// Nothing to call: linking this target into a test process is what it is for (see boot.c).
void govhall_test_boot(void);

#endif
