// Helpers shared by nib bench-m4 and bench-m4 --aot: running the firmware
// under QEMU with the cycle-count plugin and reading what it reports.
#pragma once

#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace nib::cli {

// The firmware's marker id around init() (NIB_MARK_MAX_IDS - 1; id 0 is the
// whole invoke, 1 + i operator i).
inline constexpr int kInitMark = 255;

// Runs a shell command, returning its stdout and exit status.
inline int capture(const std::string& command, std::string* out) {
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Integer field `key` of a flat JSON object line.
inline uint64_t json_uint(const std::string& line, const std::string& key) {
  const size_t k = line.find("\"" + key + "\":");
  return k == std::string::npos ? 0 : std::strtoull(line.c_str() + k + key.size() + 3, nullptr, 10);
}

inline std::string with_commas(uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace nib::cli
