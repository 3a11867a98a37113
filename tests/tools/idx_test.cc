// Tests for tools/common/idx.{h,cc}: small IDX files written by the test.
#include "idx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace nib::tools {
namespace {

namespace fs = std::filesystem;

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 24));
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

// An unsigned-byte IDX file with the given dimensions; element i = i % 251.
std::vector<std::uint8_t> make_idx(const std::vector<std::uint32_t>& dims) {
  std::vector<std::uint8_t> out = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  std::size_t n = 1;
  for (auto d : dims) {
    put_be32(out, d);
    n *= d;
  }
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(i % 251));
  return out;
}

class IdxFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("nib_idx_test_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return p;
  }

  fs::path dir_;
};

TEST_F(IdxFiles, ReadsGoodImages) {
  const auto path = write("images", make_idx({3, 28, 28}));
  auto r = read_idx_images(path);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->count, 3u);
  EXPECT_EQ(r->rows, 28u);
  EXPECT_EQ(r->cols, 28u);
  ASSERT_EQ(r->pixels.size(), 3u * 28 * 28);
  EXPECT_EQ(r->pixels[0], 0);
  EXPECT_EQ(r->pixels[300], 300 % 251);
  auto second = r->image(1);
  ASSERT_EQ(second.size(), 784u);
  EXPECT_EQ(second[0], 784 % 251);
}

TEST_F(IdxFiles, ReadsGoodLabels) {
  const auto path = write("labels", make_idx({5}));
  auto r = read_idx_labels(path);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->labels, (std::vector<std::uint8_t>{0, 1, 2, 3, 4}));
}

TEST_F(IdxFiles, AcceptsAnyImageSizeWhenAsked) {
  auto r = read_idx_images(write("images", make_idx({2, 4, 5})), 0, 0);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->rows, 4u);
  EXPECT_EQ(r->cols, 5u);
  EXPECT_EQ(r->pixels.size(), 40u);
}

TEST_F(IdxFiles, ReadsEmptyFile) {
  auto r = read_idx_labels(write("labels", make_idx({0})));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->count(), 0u);
}

TEST_F(IdxFiles, RejectsWrongMagic) {
  auto bytes = make_idx({2, 28, 28});
  bytes[0] = 0x1f;  // e.g. a gzip file
  const auto path = write("images", bytes);
  auto r = read_idx_images(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("magic"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("not an IDX file"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsWrongElementType) {
  auto bytes = make_idx({4});
  bytes[2] = 0x0d;  // float
  auto r = read_idx_labels(write("labels", bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("element type 13"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsLabelsReadAsImages) {
  const auto path = write("labels", make_idx({10}));
  auto r = read_idx_images(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("1 dimensions, expected 3"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsTruncatedPayload) {
  auto bytes = make_idx({2, 28, 28});
  bytes.resize(bytes.size() - 1);
  const auto path = write("images", bytes);
  auto r = read_idx_images(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("truncated"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("1583"), std::string::npos) << r.error();  // 16 + 2*784 - 1
}

TEST_F(IdxFiles, RejectsTruncatedHeader) {
  auto bytes = make_idx({2, 28, 28});
  bytes.resize(10);
  auto r = read_idx_images(write("images", bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("truncated header"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsTooShortForMagic) {
  auto r = read_idx_labels(write("labels", {0, 0}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too short"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsTrailingBytes) {
  auto bytes = make_idx({3});
  bytes.push_back(7);
  auto r = read_idx_labels(write("labels", bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("trailing bytes"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsWrongImageDims) {
  const auto path = write("images", make_idx({2, 32, 32}));
  auto r = read_idx_images(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("32x32, expected 28x28"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsHugeDims) {
  std::vector<std::uint8_t> bytes = {0, 0, 0x08, 3};
  for (int i = 0; i < 3; ++i) put_be32(bytes, 0xffffffffu);
  auto r = read_idx_images(write("images", bytes), 0, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too large"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, ReportsMissingFile) {
  const auto path = dir_ / "does-not-exist";
  auto r = read_idx_labels(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(path.string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("cannot open"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, ReadsMnistSplit) {
  write("train-images-idx3-ubyte", make_idx({4, 28, 28}));
  auto labels = make_idx({4});
  labels[8 + 3] = 9;
  write("train-labels-idx1-ubyte", labels);
  auto r = read_mnist_split(dir_, "train");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->images.count, 4u);
  EXPECT_EQ(r->labels.labels, (std::vector<std::uint8_t>{0, 1, 2, 9}));
}

TEST_F(IdxFiles, RejectsSplitCountMismatch) {
  write("t10k-images-idx3-ubyte", make_idx({4, 28, 28}));
  write("t10k-labels-idx1-ubyte", make_idx({5}));
  auto r = read_mnist_split(dir_, "t10k");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("5 labels for 4 images"), std::string::npos) << r.error();
}

TEST_F(IdxFiles, RejectsLabelOutOfRange) {
  write("t10k-images-idx3-ubyte", make_idx({12, 28, 28}));
  write("t10k-labels-idx1-ubyte", make_idx({12}));  // labels 0..11
  auto r = read_mnist_split(dir_, "t10k");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("label 10 at index 10"), std::string::npos) << r.error();
}

TEST(IdxParse, ParsesFromMemory) {
  const auto bytes = make_idx({1, 28, 28});
  auto r = parse_idx_images(bytes, "in-memory");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->count, 1u);
  auto bad = parse_idx_images(std::span<const std::uint8_t>(bytes).first(20), "in-memory");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rfind("in-memory: ", 0), 0u) << bad.error();
}

TEST(IdxParse, RejectsZeroSizedImages) {
  // 268 M images of 0 x 0 pixels in 16 bytes (fuzz_idx): no image to read.
  const auto bytes = make_idx({0x100000e7, 0, 0});
  auto r = parse_idx_images(bytes, "in-memory", 0, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("zero dimension"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace nib::tools
