// Firmware: the randomized optimized-vs-reference kernel comparison of
// tests/kernels/random_equivalence.cc on the emulated Cortex-M4, where the
// real DSP instructions and the hand-scheduled assembly loops run.
#include "host_files.h"
#include "random_equivalence.h"

int main() {
  const nib::test::EquivalenceReport rep = nib::test::run_random_equivalence(20261126, 1500);
  nib::m4::print("m4 kernel equivalence: ");
  nib::m4::print_int(rep.cases - rep.mismatches);
  nib::m4::print(" passed, ");
  nib::m4::print_int(rep.mismatches);
  nib::m4::print(" failed\n");
  if (rep.mismatches != 0) {
    nib::m4::print("first failure: ");
    nib::m4::print(rep.first_failure);
    nib::m4::print("\n");
  }
  return rep.mismatches == 0 && rep.cases > 4000 ? 0 : 1;
}
