// newlib-nano system call stubs. The firmware has no heap: _sbrk always fails,
// so a stray malloc() returns null instead of growing into the stack. stdout
// and stderr go to the target's console; nothing else is a valid fd.
// Each stub is linked only if something in libc refers to it.
#include <sys/stat.h>

#include <cerrno>
#include <cstddef>

#include "target.h"

namespace {
bool is_console(int fd) { return fd >= 0 && fd <= 2; }
}  // namespace

extern "C" {

void* _sbrk(std::ptrdiff_t) {
  errno = ENOMEM;
  return reinterpret_cast<void*>(-1);
}

[[noreturn]] void _exit(int code) { nib::target::exit(code); }

int _write(int fd, const char* buf, int len) {
  if (fd != 1 && fd != 2) {
    errno = EBADF;
    return -1;
  }
  nib::target::console_write({buf, static_cast<std::size_t>(len)});
  return len;
}

int _read(int fd, char*, int) {
  if (fd == 0) return 0;  // stdin: always at end of file
  errno = EBADF;
  return -1;
}

int _close(int) {
  errno = EBADF;
  return -1;
}

int _lseek(int fd, int, int) {
  errno = is_console(fd) ? ESPIPE : EBADF;
  return -1;
}

int _fstat(int fd, struct stat* st) {
  if (!is_console(fd)) {
    errno = EBADF;
    return -1;
  }
  st->st_mode = S_IFCHR;
  return 0;
}

int _isatty(int fd) {
  if (is_console(fd)) return 1;
  errno = EBADF;
  return 0;
}

int _getpid() { return 1; }

int _kill(int, int) {
  errno = EINVAL;
  return -1;
}

}  // extern "C"
