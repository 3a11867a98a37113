// The Cortex-M arena for nib inspect: the engine's tables and operator
// parameters hold pointers, so a 64-bit host needs more persistent memory
// than the MCU. The exact figure comes from the engine itself on the
// emulated Cortex-M4: m4_run.elf MODEL --arena under QEMU, from the m4 build
// next to this nib's own build directory.
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include "commands.h"

namespace nib::cli {

bool arena32_available() { return std::filesystem::exists(NIB_M4_RUN_FIRMWARE); }

std::string arena32_missing() {
  return std::string("no ") + NIB_M4_RUN_FIRMWARE + " (build it: cd " + NIB_SOURCE_DIR +
         " && cmake --preset m4 && cmake --build --preset m4 --target m4_run)";
}

bool arena32(const std::string& path, ArenaUsage* out, std::string* why) {
  std::string quoted = "'";
  for (char c : std::filesystem::absolute(path).string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  const std::string cmd = std::string("'") + NIB_QEMU_RUN + "' '" + NIB_M4_RUN_FIRMWARE + "' " + quoted + " --arena 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return *why = "cannot run " + cmd, false;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) text += buf;
  const int status = pclose(p);
  unsigned long long total = 0, activations = 0, persistent = 0;
  const size_t at = text.find("arena: ");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || at == std::string::npos ||
      std::sscanf(text.c_str() + at, "arena: %llu %llu %llu", &total, &activations, &persistent) != 3) {
    *why = "Cortex-M4 arena (m4_run.elf under QEMU): " + text;
    while (!why->empty() && why->back() == '\n') why->pop_back();
    return false;
  }
  out->activations = activations;
  out->persistent = persistent;
  return true;
}

}  // namespace nib::cli
