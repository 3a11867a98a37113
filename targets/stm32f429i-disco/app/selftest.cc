#include "selftest.h"

#include <algorithm>

#include "digits/controller.h"
#include "digits/preprocess.h"
#include "digits/stroke_script.h"
#include "digits/text.h"
#include "digits/ui.h"

namespace nib::board {

using namespace nib::digits;

namespace {

// The Controller's mapping from screen to canvas coordinates (the drawing
// area's origin, clamped to the canvas).
TouchSample to_canvas(const TouchEvent& e, const Canvas& canvas) {
  const float max_x = static_cast<float>(canvas.width() - 1), max_y = static_cast<float>(canvas.height() - 1);
  return {std::clamp(e.x - static_cast<float>(layout::kDrawArea.x), 0.0f, max_x),
          std::clamp(e.y - static_cast<float>(layout::kDrawArea.y), 0.0f, max_y), e.t_ms};
}

void draw(const StrokeScript& script, Canvas& canvas) {
  canvas.clear();
  ScriptPlayer player(script, layout::kDrawArea);
  TouchEvent e;
  bool down = false;
  while (player.next(e)) {
    switch (e.kind) {
      case TouchEvent::Kind::kDown:
        if (down) {
          canvas.pen_move(to_canvas(e, canvas));
        } else if (layout::kDrawArea.contains(e.x, e.y)) {
          canvas.pen_down(to_canvas(e, canvas));
          down = true;
        }
        break;
      case TouchEvent::Kind::kMove:
        if (down) canvas.pen_move(to_canvas(e, canvas));
        break;
      case TouchEvent::Kind::kUp:
        if (down) canvas.pen_up(to_canvas(e, canvas));
        down = false;
        break;
    }
  }
}

}  // namespace

SelftestResult run_selftest(std::span<const SelftestScript> scripts, Canvas& canvas, Recognizer& primary,
                            Recognizer* other, LineOut out) {
  SelftestResult result;
  for (const SelftestScript& s : scripts) {
    ++result.total;
    TextBuf<200> line;
    line.add("drawing ").add(s.name).add(" expected ").add_int(s.expected);
    StrokeScript script;
    Status status = StrokeScript::parse(s.json, script);
    Image28 input;
    Prediction p, q;
    if (status.is_ok()) {
      draw(script, canvas);
      if (!canvas.has_ink() ||
          !preprocess(canvas.pixels(), canvas.width(), canvas.height(), canvas.width(), input)) {
        status = Status::error(StatusCode::kInvalidArgument, "the script left no ink");
      }
    }
    if (status.is_ok()) status = primary.classify(input, p);
    if (status.is_ok() && other != nullptr) status = other->classify(input, q);
    if (!status.is_ok()) {
      line.add(" error ").add(status.message()).add('\n');
      out(line.view());
      continue;
    }
    line.add(" got ").add_int(p.digit).add(" confidence ").add_fixed(p.probability[p.digit], 4);
    line.add(" cycles ").add_int(static_cast<long long>(p.cycles));
    bool ok = p.digit == s.expected;
    if (other != nullptr) {
      line.add(' ').add(other->kernels_requested()).add(' ').add_int(q.digit);
      line.add(" cycles ").add_int(static_cast<long long>(q.cycles));
      ok = ok && q.digit == s.expected;
    }
    line.add('\n');
    out(line.view());
    result.correct += ok;
  }
  canvas.clear();
  TextBuf<48> summary;
  summary.add("selftest: ").add_int(result.correct).add('/').add_int(result.total).add(" correct\n");
  out(summary.view());
  return result;
}

}  // namespace nib::board
