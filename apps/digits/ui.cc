#include "digits/ui.h"

#include <algorithm>

#include "digits/font.h"

namespace nib::digits {

using namespace layout;

namespace {

// Shortens text to at most max_chars, ending in "..." when cut.
template <size_t N>
void fit(TextBuf<N>& out, std::string_view text, size_t max_chars) {
  out.clear();
  if (text.size() <= max_chars) {
    out.add(text);
    return;
  }
  out.add(text.substr(0, max_chars > 3 ? max_chars - 3 : 0)).add("...");
}

// Percentage with one decimal, e.g. "97.1%", "<0.1%".
TextBuf<12> percent(float p) {
  TextBuf<12> t;
  if (p > 0.0f && p < 0.0005f) return TextBuf<12>("<0.1%");
  t.add_fixed(p * 100.0f, 1).add('%');
  return t;
}

}  // namespace

void Ui::set_title(std::string_view model_name, std::string_view detail) {
  fit(model_name_, model_name, 17);
  fit(detail_, detail, 17);
}

void Ui::draw_title() {
  Framebuffer& fb = *fb_;
  fb.fill_rect(kTitle, theme::kTitleBar);
  fb.hline(kTitle.x, kTitle.bottom() - 1, kTitle.w, theme::kAccent);
  const int x = draw_text(fb, 8, 4, "nib", theme::kAccent, 2);
  draw_text(fb, x + 6, 4, "digits", theme::kText, 2);
  const Rect right{kTitle.x, 2, kTitle.w - 8, 10};
  if (detail_.size() == 0) {
    draw_text_in(fb, {kTitle.x, 0, kTitle.w - 8, kTitle.h - 1}, model_name_.view(), theme::kTextDim, 1, Align::kRight);
  } else {
    draw_text_in(fb, right, model_name_.view(), theme::kTextDim, 1, Align::kRight);
    draw_text_in(fb, right.translated(0, 9), detail_.view(), theme::kTextDim, 1, Align::kRight);
  }
  touch(kTitle);
}

void Ui::draw_screen() {
  Framebuffer& fb = *fb_;
  fb.fill(theme::kBackground);
  draw_title();
  // The drawing area sits in a one-pixel frame just outside it.
  fb.frame_rect(kDrawArea.inset(-1), theme::kFrame);
  fb.fill_rect(kDrawArea, theme::kPaper);
  for (int y = 8; y < kDrawArea.h; y += 16)
    for (int x = 8; x < kDrawArea.w; x += 16) fb.set(kDrawArea.x + x, kDrawArea.y + y, theme::kPaperDot);
  draw_button(Button::kClear, false);
  draw_button(Button::kRecognize, false);
  draw_hint();
  touch(fb.bounds());
}

void Ui::draw_canvas(const Canvas& canvas, const Rect& dirty) {
  const Rect d = intersect(dirty, {0, 0, canvas.width(), canvas.height()});
  if (d.empty()) return;
  // Ink over paper with a faint dot every 16 pixels (a guide for size and
  // position that the canvas itself does not contain).
  for (int y = d.y; y < d.bottom(); ++y) {
    const uint8_t* ink = canvas.pixels() + y * canvas.width();
    Color* out = fb_->row(kDrawArea.y + y) + kDrawArea.x;
    const bool dot_row = y % 16 == 8;
    for (int x = d.x; x < d.right(); ++x) {
      const Color paper = dot_row && x % 16 == 8 ? theme::kPaperDot : theme::kPaper;
      const uint8_t g = ink[x];
      out[x] = g == 0 ? paper : g == 255 ? theme::kInk : blend(paper, theme::kInk, g);
    }
  }
  touch(d.translated(kDrawArea.x, kDrawArea.y));
}

void Ui::draw_button(Button button, bool pressed) {
  if (button == Button::kNone) return;
  Framebuffer& fb = *fb_;
  const bool primary = button == Button::kRecognize;
  const Rect r = primary ? kRecognizeButton : kClearButton;
  const Color face = primary ? (pressed ? theme::kAccentPressed : theme::kAccent)
                             : (pressed ? theme::kButtonPressed : theme::kButton);
  fb.fill_rect(r, theme::kBackground);
  fb.fill_round_rect(r, 6, face);
  const Rect label = pressed ? r.translated(0, 1) : r;
  draw_text_in(fb, label, primary ? "Recognize" : "Clear", theme::kText, 2);
  touch(r);
}

Button Ui::hit(float x, float y) {
  if (kClearButton.contains(x, y)) return Button::kClear;
  if (kRecognizeButton.contains(x, y)) return Button::kRecognize;
  return Button::kNone;
}

void Ui::panel_background() {
  fb_->fill_rect(kPanel, theme::kBackground);
  fb_->fill_round_rect(kPanel, 6, theme::kPanel);
  touch(kPanel);
}

void Ui::draw_hint() {
  draw_message("Draw a digit 0-9 in the box.", "Recognized 0.5 s after you lift.", theme::kText);
}

void Ui::draw_message(std::string_view line1, std::string_view line2, Color color) {
  panel_background();
  const Rect inner = kPanel.inset(6);
  const int lines = line2.empty() ? 1 : 2;
  const int top = inner.y + (inner.h - (lines * font::kLineHeight + 3)) / 2;
  TextBuf<40> a, b;
  fit(a, line1, 36);
  fit(b, line2, 36);
  draw_text_in(*fb_, {inner.x, top, inner.w, font::kLineHeight}, a.view(), color);
  if (lines == 2) draw_text_in(*fb_, {inner.x, top + font::kLineHeight + 3, inner.w, font::kLineHeight}, b.view(),
                               color == theme::kText ? theme::kTextDim : color);
}

void Ui::draw_result(const Prediction& p, const Image28& model_input, const char* kernels_requested,
                     const char* kernels_used) {
  Framebuffer& fb = *fb_;
  panel_background();
  const int px = kPanel.x, py = kPanel.y;

  // The answer, large, on an accent tile.
  const Rect chip{px + 6, py + 6, 38, 46};
  fb.fill_round_rect(chip, 5, theme::kAccent);
  draw_big_digit(fb, chip.inset(5), p.digit, theme::kText, 4.0f);

  // What the model saw: the 28×28 input, one pixel per pixel.
  const int ix = px + 52, iy = py + 6;
  fb.frame_rect({ix - 1, iy - 1, 30, 30}, theme::kFrame);
  fb.blit_gray(ix, iy, model_input.px, kMnistSize, kMnistSize, kMnistSize, theme::kPaper, theme::kInk);
  draw_text_in(fb, {ix - 4, iy + 33, 36, 9}, "input", theme::kTextDim);

  // Top three with confidence bars.
  const int bx = px + 92, bar_w = 76;
  for (int k = 0; k < 3; ++k) {
    const int c = p.top[k];
    if (c < 0) continue;
    const int y = py + 7 + k * 15;
    const char label[2] = {static_cast<char>('0' + c), '\0'};
    draw_text(fb, bx, y, label, k == 0 ? theme::kText : theme::kTextDim);
    const Rect track{bx + 10, y, bar_w, 7};
    fb.fill_rect(track, theme::kBarTrack);
    const float prob = std::clamp(p.probability[c], 0.0f, 1.0f);
    const int w = static_cast<int>(prob * static_cast<float>(bar_w) + 0.5f);
    fb.fill_rect({track.x, track.y, w, track.h}, k == 0 ? theme::kAccent : theme::kBarOther);
    draw_text_in(fb, {track.right() + 2, y, px + kPanel.w - 6 - track.right() - 2, 7}, percent(prob).view(),
                 k == 0 ? theme::kText : theme::kTextDim, 1, Align::kRight);
  }

  // Time, cycles, kernels.
  fb.hline(px + 6, py + 56, kPanel.w - 12, theme::kBarTrack);
  TextBuf<48> line;
  line.add_fixed(static_cast<float>(p.micros) / 1000.0f, 2).add(" ms");
  draw_text(fb, px + 6, py + 59, line.view(), theme::kText);
  line.clear();
  // Cycles where the platform counts them (a board's DWT); elsewhere the
  // model's size of work instead of a made-up cycle count.
  if (p.cycles != 0) {
    line.add_int(static_cast<long long>(p.cycles), true).add(" cycles");
  } else if (p.macs != 0) {
    line.add_int(static_cast<long long>(p.macs), true).add(" MACs");
  } else {
    line.add("cycles n/a");
  }
  draw_text_in(fb, {px + 60, py + 59, kPanel.w - 66, 7}, line.view(), theme::kText, 1, Align::kRight);
  // The kernels that ran (the choice asked for is in the title bar).
  line.clear();
  line.add("kernels ").add(kernels_used != nullptr && *kernels_used != '\0' ? kernels_used : kernels_requested);
  TextBuf<40> shown;
  fit(shown, line.view(), 35);
  draw_text(fb, px + 6, py + 68, shown.view(), theme::kTextDim);
}

Rect Ui::take_dirty() {
  const Rect d = dirty_;
  dirty_ = {};
  return d;
}

}  // namespace nib::digits
