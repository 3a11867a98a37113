#include "idx.h"

#include <fstream>
#include <iterator>

namespace nib::tools {
namespace {

constexpr std::uint8_t kTypeUbyte = 0x08;

std::uint32_t read_be32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}

std::string hex32(std::uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += kDigits[(v >> shift) & 0xf];
  return s;
}

// Checks the header of an unsigned-byte IDX file with `ndims` dimensions and
// that the payload size matches the dimensions exactly. On success returns
// the dimension sizes.
Result<std::vector<std::size_t>> parse_header(std::span<const std::uint8_t> bytes,
                                              const std::string& name, std::uint8_t ndims) {
  using R = Result<std::vector<std::size_t>>;
  const std::size_t header = 4 + 4 * std::size_t{ndims};
  if (bytes.size() < 4) {
    return R::failure(name + ": file too short for an IDX header (" + std::to_string(bytes.size()) +
                      " bytes)");
  }
  const std::uint32_t magic = read_be32(bytes, 0);
  const std::uint32_t expected_magic = (std::uint32_t{kTypeUbyte} << 8) | ndims;
  if (magic != expected_magic) {
    std::string what = "bad magic " + hex32(magic) + ", expected " + hex32(expected_magic);
    if (bytes[0] != 0 || bytes[1] != 0) {
      what += " (not an IDX file)";
    } else if (bytes[2] != kTypeUbyte) {
      what += " (element type " + std::to_string(bytes[2]) + ", only unsigned byte is supported)";
    } else {
      what +=
          " (" + std::to_string(bytes[3]) + " dimensions, expected " + std::to_string(ndims) + ")";
    }
    return R::failure(name + ": " + what);
  }
  if (bytes.size() < header) {
    return R::failure(name + ": truncated header (" + std::to_string(bytes.size()) +
                      " bytes, need " + std::to_string(header) + ")");
  }
  std::vector<std::size_t> dims(ndims);
  std::uint64_t elements = 1;
  constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 40;
  for (std::size_t d = 0; d < ndims; ++d) {
    dims[d] = read_be32(bytes, 4 + 4 * d);
    if (dims[d] != 0 && elements > kMaxElements / dims[d]) {
      return R::failure(name + ": dimensions too large");
    }
    elements *= dims[d];
  }
  const std::uint64_t expected_size = header + elements;
  if (bytes.size() != expected_size) {
    const char* what = bytes.size() < expected_size ? "truncated" : "trailing bytes";
    return R::failure(name + ": " + what + ": file has " + std::to_string(bytes.size()) +
                      " bytes, its dimensions need " + std::to_string(expected_size));
  }
  return dims;
}

Result<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path) {
  using R = Result<std::vector<std::uint8_t>>;
  std::ifstream in(path, std::ios::binary);
  if (!in) return R::failure(path.string() + ": cannot open");
  std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
  if (in.bad()) return R::failure(path.string() + ": read error");
  return data;
}

}  // namespace

Result<IdxImages> parse_idx_images(std::span<const std::uint8_t> bytes, const std::string& name,
                                   std::size_t rows, std::size_t cols) {
  auto dims = parse_header(bytes, name, 3);
  if (!dims) return Result<IdxImages>::failure(dims.error());
  const auto& d = dims.value();
  if ((rows != 0 && d[1] != rows) || (cols != 0 && d[2] != cols)) {
    return Result<IdxImages>::failure(name + ": images are " + std::to_string(d[1]) + "x" +
                                      std::to_string(d[2]) + ", expected " + std::to_string(rows) +
                                      "x" + std::to_string(cols));
  }
  if (d[1] == 0 || d[2] == 0) return Result<IdxImages>::failure(name + ": images have a zero dimension");
  IdxImages out;
  out.count = d[0];
  out.rows = d[1];
  out.cols = d[2];
  out.pixels.assign(bytes.begin() + 16, bytes.end());
  return out;
}

Result<IdxLabels> parse_idx_labels(std::span<const std::uint8_t> bytes, const std::string& name) {
  auto dims = parse_header(bytes, name, 1);
  if (!dims) return Result<IdxLabels>::failure(dims.error());
  IdxLabels out;
  out.labels.assign(bytes.begin() + 8, bytes.end());
  return out;
}

Result<IdxImages> read_idx_images(const std::filesystem::path& path, std::size_t rows,
                                  std::size_t cols) {
  auto data = read_file(path);
  if (!data) return Result<IdxImages>::failure(data.error());
  return parse_idx_images(data.value(), path.string(), rows, cols);
}

Result<IdxLabels> read_idx_labels(const std::filesystem::path& path) {
  auto data = read_file(path);
  if (!data) return Result<IdxLabels>::failure(data.error());
  return parse_idx_labels(data.value(), path.string());
}

Result<MnistSplit> read_mnist_split(const std::filesystem::path& dir, const std::string& prefix) {
  using R = Result<MnistSplit>;
  const auto images_path = dir / (prefix + "-images-idx3-ubyte");
  const auto labels_path = dir / (prefix + "-labels-idx1-ubyte");
  auto images = read_idx_images(images_path);
  if (!images) return R::failure(images.error());
  auto labels = read_idx_labels(labels_path);
  if (!labels) return R::failure(labels.error());
  if (images->count != labels->count()) {
    return R::failure(labels_path.string() + ": " + std::to_string(labels->count()) +
                      " labels for " + std::to_string(images->count) + " images in " +
                      images_path.string());
  }
  for (std::size_t i = 0; i < labels->count(); ++i) {
    if (labels->labels[i] > 9) {
      return R::failure(labels_path.string() + ": label " + std::to_string(labels->labels[i]) +
                        " at index " + std::to_string(i) + " is not a digit 0-9");
    }
  }
  return MnistSplit{std::move(images).value(), std::move(labels).value()};
}

}  // namespace nib::tools
