// Arm semihosting (BKPT 0xAB) for firmware running under qemu-system-arm
// with -semihosting-config enable=on,target=native: console output, host
// files, the command line, elapsed time and the process exit code.
// Every call traps into the debugger/emulator; none of it works on a bare
// board without one attached. Shared by the QEMU targets (their nib::target
// hooks, targets/qemu-m4/target_qemu.cc) and their host-file apps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace nib::semihost {

// One raw semihosting operation: op goes in r0, arg (a value or a pointer to a
// parameter block) in r1; the result comes back in r0.
std::int32_t call(std::uint32_t op, const void* arg) noexcept;

// Console (QEMU's semihosting console: stdout with run-qemu.sh).
// (Number formatting: console.h, over nib::target::console_write.)
void write(std::string_view text) noexcept;

// Host files. Relative paths are relative to QEMU's working directory.
enum class Mode : std::uint32_t {  // fopen() modes, always binary
  read = 1,                         // "rb"
  read_write = 3,                   // "r+b"
  write = 5,                        // "wb": create or truncate
  append = 9,                       // "ab"
};
int open(const char* path, Mode mode) noexcept;  // handle, or -1
bool close(int handle) noexcept;
// Reads up to buf.size() bytes; returns how many were read (0 at end of
// file) or -1 on error.
long read(int handle, std::span<std::byte> buf) noexcept;
bool write(int handle, std::span<const std::byte> data) noexcept;  // all or false
long flen(int handle) noexcept;                                      // size, or -1
bool seek(int handle, std::size_t offset) noexcept;                  // from the start
bool remove(const char* path) noexcept;
int host_errno() noexcept;  // errno of the last failed host call

// Whole-file helpers. read_file returns the file's size, or -1 if it cannot be
// read or does not fit in buf.
long read_file(const char* path, std::span<std::byte> buf) noexcept;
bool write_file(const char* path, std::span<const std::byte> data) noexcept;

// The command line as QEMU joins it: argv[0] and the arguments separated by
// single spaces. Returns its length, or -1 if it does not fit (with its NUL).
int get_cmdline(char* buf, std::size_t size) noexcept;
// Splits a command line in place at spaces; "double quotes" group words.
// argv needs max_args + 1 slots (a null ends it). Returns the word count, or
// -1 if there are more than max_args words.
int split_args(char* cmdline, char** argv, int max_args) noexcept;

// Host time since QEMU started, in ticks of ticks_per_second() (QEMU: ns).
// Returns 0 if the host does not support it.
std::uint64_t ticks() noexcept;
std::uint32_t ticks_per_second() noexcept;

// Ends the emulation; QEMU's exit status becomes code & 0xff.
[[noreturn]] void exit(int code) noexcept;

}  // namespace nib::semihost
