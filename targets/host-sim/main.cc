// nib-sim: the handwritten-digit app on a simulated 240×320 touch screen.
//
//   nib-sim [--model MODEL] [--kernels optimized|reference]       window, mouse as finger
//   nib-sim --strokes FILE.json [--screenshot OUT.png] [--exit-after MS]
//                                                                  replays a drawing in the window
//   nib-sim --headless --strokes FILE.json [--screenshot OUT.png] [--model MODEL]
//                                                                  no window; prints one JSON line:
//   {"digit": 7, "top3": [[7, 0.9731], [1, 0.0200], [2, 0.0100]]}
//
// Keys in the window: c clear, r recognize, s save a screenshot, q/Esc quit.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "digits/report.h"
#include "digits/stroke_script.h"
#include "png_writer.h"
#include "sim_app.h"
#if NIB_SIM_HAVE_SDL
#include "window.h"
#endif

using namespace nib;
using namespace nib::digits;

namespace {

bool read_text(const std::string& path, std::string& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

std::string save_screenshot(sim::SimApp& app, const std::string& path, int scale) {
  const Framebuffer& fb = app.framebuffer();
  const std::vector<uint8_t> rgb = sim::rgb565_to_rgb888(fb.pixels(), fb.width(), fb.height(), fb.stride(), scale);
  return sim::write_png(path, rgb.data(), fb.width() * scale, fb.height() * scale);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"nib-sim: nib's handwritten-digit app on a simulated 240x320 touch screen"};
  std::string model = NIB_DIGITS_DEFAULT_MODEL;
  std::string kernels = "optimized";
  std::string strokes_path, screenshot;
  bool headless = false;
  int scale = 2, exit_after = 0;
  cli.add_option("--model", model, ".tflite digit model: 784 inputs (28x28), 10 outputs")->capture_default_str();
  cli.add_option("--kernels", kernels, "optimized or reference")
      ->check(CLI::IsMember({"optimized", "reference"}))
      ->capture_default_str();
  cli.add_flag("--headless", headless, "no window: replay --strokes, print the result as one JSON line");
  cli.add_option("--strokes", strokes_path, "stroke script (JSON) to replay")->check(CLI::ExistingFile);
  cli.add_option("--screenshot", screenshot, "write a PNG of the screen when done");
  cli.add_option("--scale", scale, "screen enlargement of the window and screenshots")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  cli.add_option("--exit-after", exit_after, "window: quit after this many milliseconds (0: when closed)");
  CLI11_PARSE(cli, argc, argv);

  std::string text;
  StrokeScript script;
  if (!strokes_path.empty()) {
    if (!read_text(strokes_path, text)) {
      std::cerr << "nib-sim: cannot read " << strokes_path << "\n";
      return 2;
    }
    const Status s = StrokeScript::parse(text, script);
    if (!s.is_ok()) {
      std::cerr << "nib-sim: " << strokes_path << ": " << s.message() << "\n";
      return 2;
    }
  }

  sim::SimOptions options;
  options.model_path = model;
  options.kernels = kernels == "reference" ? Kernels::kReference : Kernels::kOptimized;
  sim::SimApp app(options);
  if (!app.model_error().empty()) std::cerr << "nib-sim: " << app.model_error() << "\n";

  if (headless) {
    if (!app.model_error().empty()) return 1;
    if (!strokes_path.empty()) replay(script, app.controller());
    TextBuf<160> line;
    format_prediction_json(app.controller().has_result() ? &app.controller().result() : nullptr, line);
    std::cout << line.c_str() << std::endl;
    if (!screenshot.empty()) {
      const std::string err = save_screenshot(app, screenshot, scale);
      if (!err.empty()) {
        std::cerr << "nib-sim: " << err << "\n";
        return 1;
      }
    }
    return 0;
  }

#if NIB_SIM_HAVE_SDL
  sim::WindowOptions w;
  w.scale = scale;
  w.script = strokes_path.empty() ? nullptr : &script;
  w.screenshot = screenshot;
  w.exit_after_ms = exit_after;
  return sim::run_window(app, w);
#else
  std::cerr << "nib-sim: built without SDL2 (install libsdl2-dev); only --headless works\n";
  return 2;
#endif
}
