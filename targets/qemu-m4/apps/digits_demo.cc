// The handwritten-digit app (apps/digits) on the emulated Cortex-M4: the same
// app core as the board and the simulator, fed with stroke scripts and MNIST
// test digits read from the host through semihosting.
//
//   digits_demo MODEL [--list FILE] [--fb DIR] [--mnist DIR N] [SCRIPT.json ...]
//
//   SCRIPT.json   stroke scripts to draw (also: one path per line in --list)
//   --fb DIR      write the screen as DIR/idle.ppm and DIR/<script>.ppm (P6)
//   --mnist DIR N draw the first N MNIST test digits (DIR/t10k-*-ubyte) onto
//                 the canvas at screen scale and recognize them
//
// Every drawing is recognized by the app (optimized kernels); the digit the
// model saw is then run again with the reference kernels. One tab-separated
// line per drawing:
//   script <path> <optimized JSON> <reference JSON> <opt us> <ref us> <spikes>
//   mnist <index> <label> <plain digit> <optimized JSON> <reference JSON> <opt us> <ref us>
// JSON as nib-sim prints it: {"digit": 7, "top3": [[7, 0.9731], ...]}.
// Times are the host's (QEMU is not cycle-accurate); run under
// tools/cyclecount, markers 1 and 2 frame one optimized and one reference
// inference per drawing (digits-demo.sh prints their estimated cycles).
// Without a cycle count the screen shows the model's MACs. Exit 0 when everything ran and both
// kernel choices gave the same bytes everywhere, 77 when the model file
// cannot be read (tests skip), 1 otherwise.
#include <cstring>
#include <string_view>

#include "digits/canvas.h"
#include "digits/controller.h"
#include "digits/framebuffer.h"
#include "digits/preprocess.h"
#include "digits/recognizer.h"
#include "digits/report.h"
#include "digits/stroke_script.h"
#include "digits/text.h"
#include "digits/ui.h"
#include "nib_mark.h"
#include "semihost.h"
#if NIB_DIGITS_COMPILED
// The model compiled by nib compile at build time (CMake option NIB_DIGITS_COMPILED):
// MODEL is then only a name, nothing is loaded or prepared.
#include "digits_model_optimized.h"
#include "digits_model_reference.h"
#endif

namespace {

using namespace nib;
using namespace nib::digits;

constexpr size_t kModelBytes = 1u << 20;
constexpr size_t kArenaBytes = 64u << 10;  // MNIST-size models need under 10 KiB
constexpr size_t kScriptBytes = 256u << 10;
constexpr size_t kListBytes = 64u << 10;

#if !NIB_DIGITS_COMPILED
[[gnu::section(".psram")]] alignas(16) uint8_t g_model[kModelBytes];
#endif
[[gnu::section(".psram")]] char g_script[kScriptBytes];
[[gnu::section(".psram")]] char g_list[kListBytes];
[[gnu::section(".psram")]] Color g_screen[layout::kScreenWidth * layout::kScreenHeight];
alignas(16) uint8_t g_arena_opt[kArenaBytes];
alignas(16) uint8_t g_arena_ref[kArenaBytes];
uint8_t g_ink[layout::kDrawArea.w * layout::kDrawArea.h];

// Host time through semihosting (QEMU: nanoseconds); no cycle counter.
class QemuPlatform final : public Platform {
 public:
  uint64_t micros() override {
    const uint64_t t = semihost::ticks();
    const uint32_t hz = semihost::ticks_per_second();
    if (hz >= 1000000u) return t / (hz / 1000000u);
    return hz == 0 ? 0 : t * (1000000u / hz);
  }
};

void print(std::string_view s) { semihost::write(s); }

template <size_t N>
void print(const TextBuf<N>& t) {
  semihost::write(t.view());
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The screen as a binary PPM (P6), one row at a time.
bool write_ppm(const char* path, const Framebuffer& fb) {
  const int h = semihost::open(path, semihost::Mode::write);
  if (h < 0) return false;
  TextBuf<32> header;
  header.add("P6\n").add_int(fb.width()).add(' ').add_int(fb.height()).add("\n255\n");
  bool ok = semihost::write(h, std::as_bytes(std::span<const char>(header.c_str(), header.size())));
  uint8_t row[layout::kScreenWidth * 3];
  for (int y = 0; ok && y < fb.height(); ++y) {
    for (int x = 0; x < fb.width(); ++x) {
      const Color c = fb.at(x, y);
      row[3 * x] = red8(c);
      row[3 * x + 1] = green8(c);
      row[3 * x + 2] = blue8(c);
    }
    ok = semihost::write(h, std::as_bytes(std::span<const uint8_t>(row, static_cast<size_t>(fb.width()) * 3)));
  }
  return semihost::close(h) && ok;
}

struct Demo {
  Framebuffer fb{g_screen, layout::kScreenWidth, layout::kScreenHeight};
  Canvas canvas{g_ink, layout::kDrawArea.w, layout::kDrawArea.h};
  Ui ui{fb};
  QemuPlatform platform;
  Recognizer optimized{platform};
  Recognizer reference{platform};
  Controller* controller = nullptr;
  const char* fb_dir = nullptr;
  uint32_t clock_ms = 0;  // the app's time, carried from one drawing to the next
  int errors = 0;
  int mismatches = 0;

  void dump(std::string_view name) {
    if (fb_dir == nullptr) return;
    TextBuf<256> path;
    path.add(fb_dir).add('/').add(name).add(".ppm");
    if (path.full() || !write_ppm(path.c_str(), fb)) {
      print("digits_demo: cannot write ");
      print(path);
      print("\n");
      ++errors;
    }
  }

  // The digit the app recognized, once more with the reference kernels;
  // prints both as JSON and their times. Returns the reference answer.
  int print_both(bool has_result) {
    Prediction ref;
    const Prediction* opt = has_result ? &controller->result() : nullptr;
    const Prediction* refp = nullptr;
    if (has_result) {
      // Cycle-count markers (tools/cyclecount): id 1 = one inference with the
      // optimized kernels on the app's model input, id 2 = the reference one.
      Prediction measured;
      nib_mark_begin(1);
      const Status again = optimized.classify(controller->model_input(), measured);
      nib_mark_end(1);
      if (!again.is_ok()) ++errors;
      nib_mark_begin(2);
      const Status s = reference.classify(controller->model_input(), ref);
      nib_mark_end(2);
      if (s.is_ok()) {
        refp = &ref;
      } else {
        ++errors;
      }
      if (refp == nullptr || std::memcmp(opt->probability, ref.probability, sizeof ref.probability) != 0) {
        ++mismatches;
      }
    }
    TextBuf<400> line;
    line.add('\t');
    format_prediction_json(opt, line);
    line.add('\t');
    format_prediction_json(refp, line);
    line.add('\t').add_int(opt != nullptr ? static_cast<long long>(opt->micros) : 0);
    line.add('\t').add_int(refp != nullptr ? static_cast<long long>(refp->micros) : 0);
    print(line);
    return refp != nullptr ? refp->digit : -1;
  }

  void run_script(const char* path) {
    const long n = semihost::read_file(path, std::as_writable_bytes(std::span<char>(g_script, kScriptBytes)));
    if (n < 0) {
      print("digits_demo: cannot read ");
      print(path);
      print(" (missing, or larger than 256 KiB)\n");
      ++errors;
      return;
    }
    StrokeScript script;
    const Status s = StrokeScript::parse(std::string_view(g_script, static_cast<size_t>(n)), script);
    if (!s.is_ok()) {
      print("digits_demo: ");
      print(path);
      print(": ");
      print(s.message());
      print("\n");
      ++errors;
      return;
    }
    controller->clear();
    clock_ms = replay(script, *controller, clock_ms + 1000, 600);
    print("script\t");
    print(path);
    print_both(controller->has_result());
    TextBuf<16> spikes;
    spikes.add('\t').add_int(canvas.rejected_spikes()).add('\n');
    print(spikes);
    std::string_view name = basename(path);
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") name.remove_suffix(5);
    dump(name);
  }

  void run_mnist(const char* dir, int count) {
    TextBuf<256> images_path, labels_path;
    images_path.add(dir).add("/t10k-images-idx3-ubyte");
    labels_path.add(dir).add("/t10k-labels-idx1-ubyte");
    const int images = semihost::open(images_path.c_str(), semihost::Mode::read);
    const int labels = semihost::open(labels_path.c_str(), semihost::Mode::read);
    if (images < 0 || labels < 0) {
      print("digits_demo: cannot open MNIST in ");
      print(dir);
      print("\n");
      ++errors;
      return;
    }
    const int cw = canvas.width(), ch = canvas.height();
    const int side = cw < ch ? cw : ch;
    const Rect target{(cw - side) / 2, (ch - side) / 2, side, side};
    int plain_ok = 0, opt_ok = 0, ref_ok = 0, done = 0;
    for (int i = 0; i < count; ++i) {
      Image28 digit;
      uint8_t label = 255;
      if (!semihost::seek(images, 16 + static_cast<size_t>(i) * sizeof digit.px) ||
          semihost::read(images, std::as_writable_bytes(std::span<uint8_t>(digit.px))) !=
              static_cast<long>(sizeof digit.px) ||
          !semihost::seek(labels, 8 + static_cast<size_t>(i)) ||
          semihost::read(labels, std::as_writable_bytes(std::span<uint8_t>(&label, 1))) != 1) {
        print("digits_demo: MNIST ends before digit ");
        print(TextBuf<16>().add_int(i));
        print("\n");
        break;
      }
      // The 28×28 digit as the model sees it in MNIST, for reference.
      Prediction plain;
      const bool plain_done = optimized.classify(digit, plain).is_ok();
      // The same digit drawn on the canvas at screen scale, through the app.
      controller->clear();
      paint_image(canvas.mutable_pixels(), cw, ch, digit.px, kMnistSize, kMnistSize, target);
      canvas.set_has_ink(true);
      canvas.mark_all_dirty();
      controller->refresh_canvas();
      controller->recognize();
      TextBuf<48> head;
      head.add("mnist\t").add_int(i).add('\t').add_int(label).add('\t').add_int(plain_done ? plain.digit : -1);
      print(head);
      const bool has = controller->has_result();
      ref_ok += print_both(has) == label;
      print("\n");
      plain_ok += plain_done && plain.digit == label;
      opt_ok += has && controller->result().digit == label;
      ++done;
    }
    semihost::close(images);
    semihost::close(labels);
    TextBuf<160> summary;
    summary.add("mnist: ").add_int(done).add(" digits; correct: plain ").add_int(plain_ok);
    summary.add(", drawn on the canvas ").add_int(opt_ok).add(" (optimized) ").add_int(ref_ok).add(" (reference)\n");
    print(summary);
  }
};

// Splits the --list file in place into NUL-terminated lines; calls fn(line).
template <typename Fn>
void for_each_line(char* text, size_t n, Fn&& fn) {
  size_t start = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (i == n || text[i] == '\n' || text[i] == '\r') {
      if (i < n) text[i] = '\0';
      if (i > start && text[start] != '#') fn(text + start);
      start = i + 1;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print("usage: digits_demo MODEL [--list FILE] [--fb DIR] [--mnist DIR N] [SCRIPT.json ...]\n");
    return 2;
  }
  static Demo demo;
  const char* list = nullptr;
  const char* mnist_dir = nullptr;
  int mnist_count = 0;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fb") == 0 && i + 1 < argc) {
      demo.fb_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
      list = argv[++i];
    } else if (std::strcmp(argv[i], "--mnist") == 0 && i + 2 < argc) {
      mnist_dir = argv[++i];
      mnist_count = 0;
      for (const char* p = argv[++i]; *p >= '0' && *p <= '9'; ++p) mnist_count = mnist_count * 10 + (*p - '0');
    }
  }

  // The model, once per kernel choice.
#if NIB_DIGITS_COMPILED
  static const CompiledModel compiled_opt{digits_model_optimized::init, digits_model_optimized::invoke,
                                          digits_model_optimized::input, digits_model_optimized::output,
                                          digits_model_optimized::kArenaBytes, digits_model_optimized::kMacs,
                                          digits_model_optimized::kKernelsUsed, digits_model_optimized::kOutputFromSoftmax,
                                          Kernels::kOptimized};
  static const CompiledModel compiled_ref{digits_model_reference::init, digits_model_reference::invoke,
                                          digits_model_reference::input, digits_model_reference::output,
                                          digits_model_reference::kArenaBytes, digits_model_reference::kMacs,
                                          digits_model_reference::kKernelsUsed, digits_model_reference::kOutputFromSoftmax,
                                          Kernels::kReference};
  Status s = demo.optimized.init(compiled_opt, g_arena_opt, kArenaBytes);
  if (s.is_ok()) s = demo.reference.init(compiled_ref, g_arena_ref, kArenaBytes);
#else
  const long size = semihost::read_file(argv[1], std::as_writable_bytes(std::span<uint8_t>(g_model)));
  if (size < 0) {
    print("digits_demo: cannot read the model ");
    print(argv[1]);
    print(" (missing, or larger than 1 MiB)\n");
    return 77;
  }
  Status s = demo.optimized.init(g_model, static_cast<size_t>(size), g_arena_opt, kArenaBytes, Kernels::kOptimized);
  if (s.is_ok()) s = demo.reference.init(g_model, static_cast<size_t>(size), g_arena_ref, kArenaBytes, Kernels::kReference);
#endif
  if (!s.is_ok()) {
    print("digits_demo: ");
    print(s.message());
    print("\n");
    return 1;
  }
  std::string_view model_name = basename(argv[1]);
  if (model_name.size() > 7 && model_name.substr(model_name.size() - 7) == ".tflite") model_name.remove_suffix(7);
  demo.ui.set_title(model_name, "Cortex-M4 (QEMU)");
  static Controller controller(demo.ui, demo.canvas, &demo.optimized);
  demo.controller = &controller;
  controller.start();
  demo.dump("idle");

  TextBuf<200> head;
  head.add("digits_demo: ").add(model_name).add(", kernels: optimized = ").add(demo.optimized.kernels_used());
  head.add(", reference = ").add(demo.reference.kernels_used()).add(", arena ");
  head.add_int(static_cast<long long>(demo.optimized.arena_bytes())).add(" bytes\n");
  print(head);

  int scripts = 0;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fb") == 0 || std::strcmp(argv[i], "--list") == 0) {
      ++i;
      continue;
    }
    if (std::strcmp(argv[i], "--mnist") == 0) {
      i += 2;
      continue;
    }
    demo.run_script(argv[i]);
    ++scripts;
  }
  if (list != nullptr) {
    const long n = semihost::read_file(list, std::as_writable_bytes(std::span<char>(g_list, kListBytes)));
    if (n < 0) {
      print("digits_demo: cannot read the list ");
      print(list);
      print("\n");
      return 1;
    }
    for_each_line(g_list, static_cast<size_t>(n), [&](const char* path) {
      demo.run_script(path);
      ++scripts;
    });
  }
  if (mnist_dir != nullptr) demo.run_mnist(mnist_dir, mnist_count);

  TextBuf<160> summary;
  summary.add("digits_demo: ").add_int(scripts).add(" scripts, ").add_int(demo.errors).add(" errors, ");
  summary.add_int(demo.mismatches).add(" optimized/reference mismatches\n");
  print(summary);
  return demo.errors == 0 && demo.mismatches == 0 ? 0 : 1;
}
