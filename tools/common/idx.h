// Reader for the IDX files that hold the MNIST data set (host tools only).
//
// IDX layout (all integers big-endian):
//   bytes 0-1  zero
//   byte  2    element type: 0x08 = unsigned byte (the only type read here)
//   byte  3    number of dimensions D
//   4*D bytes  size of each dimension (uint32)
//   then       the elements, row-major, exactly prod(sizes) of them
// Images are 3-D [N, rows, cols] (magic 0x00000803), labels 1-D [N]
// (magic 0x00000801).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace nib::tools {

// A value or an error message; a small stand-in for C++23 std::expected.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  static Result failure(std::string message) { return Result(Error{std::move(message)}); }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<1>(v_).message; }

 private:
  struct Error {
    std::string message;
  };
  explicit Result(Error e) : v_(std::move(e)) {}
  std::variant<T, Error> v_;
};

// Unsigned-byte images [count, rows, cols], pixels row-major.
struct IdxImages {
  std::size_t count = 0;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<std::uint8_t> pixels;  // count * rows * cols

  std::span<const std::uint8_t> image(std::size_t i) const {
    return std::span<const std::uint8_t>(pixels).subspan(i * rows * cols, rows * cols);
  }
};

// Unsigned-byte labels [count].
struct IdxLabels {
  std::vector<std::uint8_t> labels;
  std::size_t count() const { return labels.size(); }
};

// Parse IDX bytes already in memory. `name` is used in error messages only.
// Images must be [N, rows, cols]; pass rows = cols = 0 to accept any size.
Result<IdxImages> parse_idx_images(std::span<const std::uint8_t> bytes, const std::string& name,
                                   std::size_t rows = 28, std::size_t cols = 28);
Result<IdxLabels> parse_idx_labels(std::span<const std::uint8_t> bytes, const std::string& name);

// Read and parse a file. Errors name the file and the problem.
Result<IdxImages> read_idx_images(const std::filesystem::path& path, std::size_t rows = 28,
                                  std::size_t cols = 28);
Result<IdxLabels> read_idx_labels(const std::filesystem::path& path);

// One MNIST split: 28x28 images and their labels (0..9), counts checked equal.
struct MnistSplit {
  IdxImages images;
  IdxLabels labels;
};

// Reads DIR/PREFIX-images-idx3-ubyte and DIR/PREFIX-labels-idx1-ubyte,
// PREFIX being "train" or "t10k".
Result<MnistSplit> read_mnist_split(const std::filesystem::path& dir, const std::string& prefix);

}  // namespace nib::tools
