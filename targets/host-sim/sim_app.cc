#include "sim_app.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace nib::sim {

using namespace digits;

uint64_t HostPlatform::micros() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

void SimApp::FreeDeleter::operator()(void* p) const { std::free(p); }

namespace {

constexpr size_t kArenaBytes = 1u << 20;

// 16-byte aligned copy of a file, or null (with why in error).
uint8_t* read_aligned(const std::string& path, size_t& size, std::string& error) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) {
    error = "cannot read " + path;
    return nullptr;
  }
  size = static_cast<size_t>(f.tellg());
  f.seekg(0);
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(16, (size + 15) / 16 * 16 + 16));
  if (p == nullptr || !f.read(reinterpret_cast<char*>(p), static_cast<std::streamsize>(size))) {
    std::free(p);
    error = "cannot read " + path;
    return nullptr;
  }
  return p;
}

}  // namespace

SimApp::SimApp(const SimOptions& options)
    : pixels_(static_cast<size_t>(layout::kScreenWidth) * layout::kScreenHeight),
      ink_(static_cast<size_t>(layout::kDrawArea.w) * static_cast<size_t>(layout::kDrawArea.h)),
      fb_(pixels_.data(), layout::kScreenWidth, layout::kScreenHeight),
      canvas_(ink_.data(), layout::kDrawArea.w, layout::kDrawArea.h),
      ui_(fb_),
      recognizer_(platform_) {
  Classifier* classifier = nullptr;
  size_t size = 0;
  model_.reset(read_aligned(options.model_path, size, model_error_));
  if (model_ != nullptr) {
    arena_.reset(static_cast<uint8_t*>(std::aligned_alloc(16, kArenaBytes)));
    const Status s = recognizer_.init(model_.get(), size, arena_.get(), kArenaBytes, options.kernels);
    if (s.is_ok()) {
      classifier = &recognizer_;
    } else {
      model_error_ = s.message();
    }
  }
  const std::string stem = std::filesystem::path(options.model_path).stem().string();
  std::string detail = options.kernels == Kernels::kReference ? "reference kernels" : "optimized kernels";
  if (!model_error_.empty()) detail = "no model";
  ui_.set_title(stem, detail);
  controller_ = std::make_unique<Controller>(ui_, canvas_, classifier);
  if (classifier == nullptr) controller_->show_error("No model: cannot recognize.", model_error_.c_str());
  controller_->start();
}

}  // namespace nib::sim
