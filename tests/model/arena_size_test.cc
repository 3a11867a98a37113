// Interpreter::init with too small an arena reports the exact size the model
// needs (it prepares and plans everything before checking), and
// arena_usage() then holds that size, for every shared model and arenas too
// small for the activations, for the persistent data and for almost nothing.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "nib/interpreter.h"
#include "support/shared_data.h"

namespace nib::test {
namespace {


// Initializes in a 16-byte aligned arena of exactly `size` bytes.
Status init_in(const Model& model, size_t size, Interpreter& interp, std::vector<uint8_t>& storage) {
  storage.assign(size + 16, 0);
  const uintptr_t misalign = (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
  return interp.init(model, storage.data() + misalign, size);
}

TEST(ArenaSize, TooSmallReportsTheExactSize) {
  NIB_REQUIRE_SHARED();
  int exact_from_persistent_shortage = 0;
  for (const auto& entry : std::filesystem::directory_iterator(shared_dir() / "models")) {
    if (entry.path().extension() != ".tflite") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const tools::AlignedBytes bytes = read_aligned(entry.path());
    Model model;
    if (!Model::load(bytes.data(), bytes.size(), model)) continue;  // models nib does not run
    std::vector<uint8_t> storage;
    Interpreter fits;
    if (!init_in(model, 8u << 20, fits, storage)) continue;
    const ArenaUsage need = fits.arena_usage();
    ASSERT_GT(need.activations, 0u);
    const std::string exact = "model needs " + std::to_string(need.total()) + " bytes";

    const size_t sizes[] = {need.total() - 16, need.persistent, need.persistent - 16, need.persistent / 2, 1024};
    for (const size_t size : sizes) {
      if (size >= need.total()) continue;  // tiny models fit in 1 KiB
      SCOPED_TRACE("arena " + std::to_string(size));
      Interpreter small;
      const Status s = init_in(model, size, small, storage);
      ASSERT_EQ(s.code(), StatusCode::kArenaTooSmall) << s.message();
      const std::string message = s.message();
      std::printf("%s, arena %zu: %s\n", entry.path().filename().c_str(), size, message.c_str());
      if (message.find("more than") != std::string::npos) {
        // Too small to hold even the tables and the largest operator's data:
        // a lower bound, and it must be one.
        EXPECT_LT(small.arena_usage().total(), need.total()) << message;
        EXPECT_GT(small.arena_usage().total(), size) << message;
        continue;
      }
      EXPECT_NE(message.find(exact), std::string::npos) << message;
      EXPECT_EQ(small.arena_usage().total(), need.total());
      EXPECT_EQ(small.arena_usage().activations, need.activations);
      EXPECT_EQ(small.arena_usage().persistent, need.persistent);
      if (size < need.persistent) ++exact_from_persistent_shortage;
      // A failed init leaves nothing to run.
      EXPECT_EQ(small.invoke().code(), StatusCode::kInvalidArgument);
    }
    // The exact size is enough, and the interpreter says it uses all of it.
    Interpreter again;
    ASSERT_TRUE(init_in(model, need.total(), again, storage));
    EXPECT_EQ(again.arena_usage().total(), need.total());
  }
  // The measuring path (persistent memory ran out first) must have given
  // exact answers, not only the easy case where only activations are short.
  EXPECT_GT(exact_from_persistent_shortage, 0);
}

}  // namespace
}  // namespace nib::test
