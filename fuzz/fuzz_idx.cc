// libFuzzer target: the MNIST IDX image and label parsers.
#include <cstdint>
#include <span>

#include "idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  if (auto images = nib::tools::parse_idx_images(bytes, "fuzz", 0, 0); images.ok()) {
    unsigned sum = 0;
    for (size_t i = 0; i < images.value().count; ++i)
      for (uint8_t px : images.value().image(i)) sum += px;
    (void)sum;
  }
  (void)nib::tools::parse_idx_images(bytes, "fuzz");
  (void)nib::tools::parse_idx_labels(bytes, "fuzz");
  return 0;
}
