// Crashes in the way argv[1] names; the ctest tests expect the platform's
// fault (139) or abort (134) exit codes rather than a hang or a pass, and
// run-qemu.sh's timeout (124) for "hang".
#undef NDEBUG
#include <cassert>
#include <cstdlib>
#include <cstring>

namespace {

#pragma GCC diagnostic ignored "-Winfinite-recursion"  // the point of the test
[[gnu::noinline]] int recurse(int depth) {
  volatile char pad[256];
  pad[0] = static_cast<char>(depth);
  return recurse(depth + 1) + pad[0];  // not a tail call: every level keeps its frame
}

}  // namespace

// Outside the anonymous namespace: there GCC sees every override, proves the
// pure call unreachable and deletes it.
struct Base;
[[gnu::noinline]] void call_f(Base* b);
struct Base {
  Base() { call_f(this); }  // during construction f is still pure
  virtual ~Base() = default;
  virtual void f() = 0;
};
struct Derived : Base {
  void f() override {}
};
void call_f(Base* b) {
  asm volatile("" : "+r"(b));  // hide the dynamic type, or GCC folds the call away
  b->f();
}

int main(int argc, char** argv) {
  const char* kind = argc > 1 ? argv[1] : "";
  if (std::strcmp(kind, "udf") == 0) asm volatile("udf #0");
  if (std::strcmp(kind, "stack") == 0) return recurse(0);
  if (std::strcmp(kind, "assert") == 0) assert(argc == 0);
  if (std::strcmp(kind, "abort") == 0) std::abort();
  if (std::strcmp(kind, "hang") == 0) {
    for (;;) asm volatile("");
  }
  if (std::strcmp(kind, "pure") == 0) {
    Derived d;
  }
  return 1;  // no crash: the test expects one
}
