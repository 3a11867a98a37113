#include "digits/stroke_script.h"

#include <algorithm>

namespace nib::digits {

namespace {

// A cursor over JSON text: just what stroke scripts need.
class Json {
 public:
  Json(std::string_view s, size_t pos) : s_(s), pos_(pos) {}
  size_t pos() const { return pos_; }
  bool at_end() {
    ws();
    return pos_ >= s_.size();
  }
  bool peek(char c) {
    ws();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // A string without decoding escapes (keys here are plain ASCII).
  bool string(std::string_view& out) {
    if (!eat('"')) return false;
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\') ++pos_;
      ++pos_;
    }
    if (pos_ >= s_.size()) return false;
    out = s_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

  // JSON number → double: the decimal digits as an integer, then one exact
  // power-of-ten scaling (exact for the short numbers scripts hold).
  bool number(double& out) {
    ws();
    const bool negative = pos_ < s_.size() && s_[pos_] == '-';
    if (negative) ++pos_;
    uint64_t mantissa = 0;
    int exponent = 0, digits = 0;
    auto digit_at = [&](size_t p) { return p < s_.size() && s_[p] >= '0' && s_[p] <= '9'; };
    auto take = [&](bool fraction) {
      const int d = s_[pos_++] - '0';
      if (mantissa < 100000000000000000ull) {
        mantissa = mantissa * 10 + static_cast<uint64_t>(d);
        if (fraction) --exponent;
      } else if (!fraction) {
        ++exponent;
      }
      ++digits;
    };
    while (digit_at(pos_)) take(false);
    if (digits == 0) return false;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digit_at(pos_)) return false;
      while (digit_at(pos_)) take(true);
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      bool eneg = false;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) eneg = s_[pos_++] == '-';
      if (!digit_at(pos_)) return false;
      int e = 0;
      while (digit_at(pos_)) e = std::min(e * 10 + (s_[pos_++] - '0'), 10000);
      exponent += eneg ? -e : e;
    }
    double v = static_cast<double>(mantissa);
    double p = 1.0;
    for (int i = 0; i < (exponent < 0 ? -exponent : exponent) && i < 400; ++i) p *= 10.0;
    v = exponent < 0 ? v / p : v * p;
    out = negative ? -v : v;
    return true;
  }

  bool skip_value(int depth = 0) {
    if (depth > 32) return false;
    ws();
    if (pos_ >= s_.size()) return false;
    const char c = s_[pos_];
    if (c == '"') {
      std::string_view ignored;
      return string(ignored);
    }
    if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      ++pos_;
      if (eat(close)) return true;
      for (;;) {
        if (c == '{') {
          std::string_view key;
          if (!string(key) || !eat(':')) return false;
        }
        if (!skip_value(depth + 1)) return false;
        if (eat(',')) continue;
        return eat(close);
      }
    }
    for (std::string_view lit : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
      if (s_.substr(pos_, lit.size()) == lit) {
        pos_ += lit.size();
        return true;
      }
    }
    double ignored;
    return number(ignored);
  }

 private:
  void ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  std::string_view s_;
  size_t pos_;
};

Status syntax(const Json& j, const char* what) {
  return Status::error(StatusCode::kInvalidArgument, "stroke script, byte ", static_cast<long long>(j.pos()), ": ",
                       what);
}

bool read_sample(Json& j, ScriptSample& s) {
  double x, y, t;
  if (!j.eat('[') || !j.number(x) || !j.eat(',') || !j.number(y) || !j.eat(',') || !j.number(t) || !j.eat(']'))
    return false;
  // Bounded so every later float -> int step (event times, pixels) is defined.
  constexpr double kMaxCoordinate = 1e6, kMaxTime = 86'400'000.0;  // a day in ms
  if (!(x >= -kMaxCoordinate && x <= kMaxCoordinate && y >= -kMaxCoordinate && y <= kMaxCoordinate &&
        t >= 0.0 && t <= kMaxTime))
    return false;
  s = {static_cast<float>(x), static_cast<float>(y), static_cast<float>(t)};
  return true;
}

}  // namespace

Status StrokeScript::parse(std::string_view json, StrokeScript& out) {
  out = StrokeScript{};
  out.text_ = json;
  Json j(json, 0);
  bool have_w = false, have_h = false, have_strokes = false;
  if (!j.eat('{')) return syntax(j, "expected '{'");
  if (!j.eat('}')) {
    for (;;) {
      std::string_view key;
      if (!j.string(key) || !j.eat(':')) return syntax(j, "expected \"key\":");
      if (key == "width" || key == "height") {
        double v;
        if (!j.number(v)) return syntax(j, "expected a number");
        if (!(v > 0.0 && v <= 1e6)) return syntax(j, "width and height must be positive, at most 1e6");
        (key == "width" ? out.width_ : out.height_) = static_cast<float>(v);
        (key == "width" ? have_w : have_h) = true;
      } else if (key == "strokes") {
        if (!j.peek('[')) return syntax(j, "\"strokes\" must be an array");
        out.strokes_at_ = j.pos();
        have_strokes = true;
        j.eat('[');
        if (!j.eat(']')) {
          for (;;) {
            if (!j.eat('[')) return syntax(j, "a stroke must be an array of [x, y, t_ms] samples");
            if (j.peek(']')) return syntax(j, "empty stroke");
            for (;;) {
              ScriptSample s;
              if (!read_sample(j, s))
                return syntax(j, "a sample must be [x, y, t_ms] with |x|, |y| <= 1e6 and 0 <= t_ms <= 86400000");
              if (out.samples_ > 0 && s.t_ms < out.last_t_) return syntax(j, "t_ms goes backwards");
              out.last_t_ = s.t_ms;
              ++out.samples_;
              if (j.eat(',')) continue;
              if (j.eat(']')) break;
              return syntax(j, "expected ',' or ']' after a sample");
            }
            ++out.strokes_;
            if (j.eat(',')) continue;
            if (j.eat(']')) break;
            return syntax(j, "expected ',' or ']' after a stroke");
          }
        }
      } else if (!j.skip_value()) {
        return syntax(j, "malformed value");
      }
      if (j.eat(',')) continue;
      if (j.eat('}')) break;
      return syntax(j, "expected ',' or '}'");
    }
  }
  if (!j.at_end()) return syntax(j, "text after the closing '}'");
  if (!have_w || !have_h) return syntax(j, "\"width\" and \"height\" are required");
  if (!have_strokes) return syntax(j, "\"strokes\" is required");
  return Status::ok();
}

PointF StrokeScript::map(const Rect& area, float x, float y) const {
  // [0, W] × [0, H] onto the centres of the area's first and last pixels.
  const float sx = static_cast<float>(area.w - 1) / width_, sy = static_cast<float>(area.h - 1) / height_;
  const float s = std::min(sx, sy);
  const float ox = static_cast<float>(area.x) + (static_cast<float>(area.w - 1) - width_ * s) * 0.5f;
  const float oy = static_cast<float>(area.y) + (static_cast<float>(area.h - 1) - height_ * s) * 0.5f;
  return {ox + x * s, oy + y * s};
}

ScriptPlayer::ScriptPlayer(const StrokeScript& script, const Rect& area, uint32_t t0)
    : script_(&script), area_(area), t0_(t0), pos_(script.strokes_at_) {
  Json j(script.text_, pos_);
  done_ = script.text_.empty() || !j.eat('[') || j.eat(']');
  pos_ = j.pos();
}

TouchEvent ScriptPlayer::make(TouchEvent::Kind kind, const ScriptSample& s) const {
  const PointF p = script_->map(area_, s.x, s.y);
  TouchEvent e;
  e.kind = kind;
  e.x = p.x;
  e.y = p.y;
  e.t_ms = t0_ + static_cast<uint32_t>(s.t_ms + 0.5f);
  return e;
}

bool ScriptPlayer::next(TouchEvent& e) {
  if (pending_up_) {
    pending_up_ = false;
    e = make(TouchEvent::Kind::kUp, pending_);
    return true;
  }
  if (done_) return false;
  Json j(script_->text_, pos_);
  if (!in_stroke_) {
    j.eat('[');
    in_stroke_ = true;
    first_ = true;
  }
  ScriptSample s;
  read_sample(j, s);
  if (j.eat(',')) {  // more samples in this stroke
    e = make(first_ ? TouchEvent::Kind::kDown : TouchEvent::Kind::kMove, s);
    first_ = false;
    pos_ = j.pos();
    return true;
  }
  j.eat(']');  // the stroke ends with s
  in_stroke_ = false;
  if (first_) {
    e = make(TouchEvent::Kind::kDown, s);
    pending_ = s;
    pending_up_ = true;
  } else {
    e = make(TouchEvent::Kind::kUp, s);
  }
  if (!j.eat(',')) {
    j.eat(']');
    done_ = true;
  }
  pos_ = j.pos();
  return true;
}

uint32_t replay(const StrokeScript& script, Controller& controller, uint32_t t0, uint32_t settle_ms) {
  ScriptPlayer player(script, layout::kDrawArea, t0);
  TouchEvent e;
  uint32_t now = t0;
  while (player.next(e)) {
    controller.tick(e.t_ms);
    controller.on_touch(e);
    now = e.t_ms;
  }
  now += settle_ms;
  controller.tick(now);
  return now;
}

}  // namespace nib::digits
