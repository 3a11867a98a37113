#include "semihost.h"

#include <cstring>

namespace nib::semihost {
namespace {

// Operation numbers from the Arm semihosting specification.
enum Op : std::uint32_t {
  kOpen = 0x01,
  kClose = 0x02,
  kWriteC = 0x03,
  kWrite = 0x05,
  kRead = 0x06,
  kSeek = 0x0A,
  kFlen = 0x0C,
  kRemove = 0x0E,
  kErrno = 0x13,
  kGetCmdline = 0x15,
  kExit = 0x18,
  kExitExtended = 0x20,
  kElapsed = 0x30,
  kTickFreq = 0x31,
};

// SYS_EXIT reason codes.
constexpr std::uint32_t kApplicationExit = 0x20026;
constexpr std::uint32_t kRunTimeErrorUnknown = 0x20023;

using Word = std::uintptr_t;  // parameter blocks are arrays of 32-bit words

Word word(const void* p) { return reinterpret_cast<Word>(p); }

// Handle of the host console (":tt" opened for writing), opened on first use.
int console_handle() {
  static int handle = -2;
  if (handle == -2) handle = open(":tt", Mode{4});  // mode 4 ("w") selects stdout
  return handle;
}

}  // namespace

std::int32_t call(std::uint32_t op, const void* arg) noexcept {
  register std::uint32_t r0 asm("r0") = op;
  register const void* r1 asm("r1") = arg;
  // "memory": the host reads and writes through the pointers in the block.
  asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return static_cast<std::int32_t>(r0);
}

void write(std::string_view text) noexcept {
  const int h = console_handle();
  if (h >= 0) {
    write(h, std::as_bytes(std::span(text.data(), text.size())));
    return;
  }
  for (char c : text) call(kWriteC, &c);
}

int open(const char* path, Mode mode) noexcept {
  const Word block[] = {word(path), static_cast<Word>(mode), std::strlen(path)};
  const int handle = call(kOpen, block);
  // QEMU 7.2 drops O_APPEND (its "ab" is plain create-for-write), so start
  // at the end ourselves; harmless where the host does append.
  if (handle >= 0 && mode == Mode::append) {
    const long size = flen(handle);
    if (size < 0 || !seek(handle, static_cast<std::size_t>(size))) {
      close(handle);
      return -1;
    }
  }
  return handle;
}

bool close(int handle) noexcept {
  const Word block[] = {static_cast<Word>(handle)};
  return call(kClose, block) == 0;
}

long read(int handle, std::span<std::byte> buf) noexcept {
  const Word block[] = {static_cast<Word>(handle), word(buf.data()), buf.size()};
  const std::int32_t not_read = call(kRead, block);  // bytes NOT read
  if (not_read < 0 || static_cast<std::size_t>(not_read) > buf.size()) return -1;
  return static_cast<long>(buf.size() - not_read);
}

bool write(int handle, std::span<const std::byte> data) noexcept {
  const Word block[] = {static_cast<Word>(handle), word(data.data()), data.size()};
  return call(kWrite, block) == 0;  // bytes NOT written
}

long flen(int handle) noexcept {
  const Word block[] = {static_cast<Word>(handle)};
  return call(kFlen, block);
}

bool seek(int handle, std::size_t offset) noexcept {
  const Word block[] = {static_cast<Word>(handle), offset};
  return call(kSeek, block) == 0;
}

bool remove(const char* path) noexcept {
  const Word block[] = {word(path), std::strlen(path)};
  return call(kRemove, block) == 0;
}

int host_errno() noexcept { return call(kErrno, nullptr); }

long read_file(const char* path, std::span<std::byte> buf) noexcept {
  const int h = open(path, Mode::read);
  if (h < 0) return -1;
  const long size = flen(h);
  bool ok = size >= 0 && static_cast<std::size_t>(size) <= buf.size();
  // SYS_READ may return short counts; loop until the whole file is in.
  for (long done = 0; ok && done < size;) {
    const long n = read(h, buf.subspan(done, size - done));
    ok = n > 0;
    done += n;
  }
  close(h);
  return ok ? size : -1;
}

bool write_file(const char* path, std::span<const std::byte> data) noexcept {
  const int h = open(path, Mode::write);
  if (h < 0) return false;
  const bool ok = write(h, data);
  return close(h) && ok;
}

int get_cmdline(char* buf, std::size_t size) noexcept {
  Word block[] = {word(buf), size};  // the host updates block[1] to the length
  if (call(kGetCmdline, block) != 0) return -1;
  return static_cast<int>(block[1]);
}

int split_args(char* cmdline, char** argv, int max_args) noexcept {
  int argc = 0;
  char* in = cmdline;
  for (;;) {
    while (*in == ' ') ++in;
    if (*in == '\0') break;
    if (argc == max_args) return -1;
    // Copy the word onto itself, dropping quotes; it can only shrink.
    char* out = in;
    argv[argc++] = out;
    bool quoted = false;
    for (; *in != '\0' && (quoted || *in != ' '); ++in) {
      if (*in == '"') {
        quoted = !quoted;
      } else {
        *out++ = *in;
      }
    }
    if (*in != '\0') ++in;  // step over the separator before terminating
    *out = '\0';
  }
  argv[argc] = nullptr;
  return argc;
}

std::uint64_t ticks() noexcept {
  std::uint32_t block[2] = {0, 0};  // low word first
  if (call(kElapsed, block) != 0) return 0;
  return (static_cast<std::uint64_t>(block[1]) << 32) | block[0];
}

std::uint32_t ticks_per_second() noexcept {
  const std::int32_t f = call(kTickFreq, nullptr);
  return f > 0 ? static_cast<std::uint32_t>(f) : 0;
}

void exit(int code) noexcept {
  // SYS_EXIT on 32-bit Arm carries only "success or not"; the extended form
  // (semihosting v2) carries the exit code, which QEMU passes to its exit().
  const Word block[] = {kApplicationExit, static_cast<Word>(code)};
  call(kExitExtended, block);
  // Still here: the host lacks SYS_EXIT_EXTENDED, keep at least pass/fail.
  call(kExit, reinterpret_cast<const void*>(code == 0 ? kApplicationExit : kRunTimeErrorUnknown));
  for (;;) {
  }
}

}  // namespace nib::semihost
