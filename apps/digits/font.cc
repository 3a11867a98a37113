#include "digits/font.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "digits/raster.h"

namespace nib::digits {

namespace {

// ---------------------------------------------------------------------------
// Bitmap font. Each glyph is drawn as rows of '#' (ink) and '.' separated by
// spaces: 7 rows (capital height; rows 8-9 stay empty) or 9 rows (glyphs that
// reach below the baseline). Characters 32..126 in order.
constexpr const char* kGlyphArt[95] = {
    "..... ..... ..... ..... ..... ..... .....",                    // ' '
    "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",                    // !
    ".#.#. .#.#. ..... ..... ..... ..... .....",                    // "
    ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",                    // #
    "..#.. .#### #.#.. .###. ..#.# ####. ..#..",                    // $
    "##... ##..# ...#. ..#.. .#... #..## ...##",                    // %
    ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",                    // &
    "..#.. ..#.. .#... ..... ..... ..... .....",                    // '
    "...#. ..#.. .#... .#... .#... ..#.. ...#.",                    // (
    ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",                    // )
    "..... ..#.. #.#.# .###. #.#.# ..#.. .....",                    // *
    "..... ..#.. ..#.. ##### ..#.. ..#.. .....",                    // +
    "..... ..... ..... ..... ..... .##.. .##.. ..#.. .#...",        // ,
    "..... ..... ..... .###. ..... ..... .....",                    // -
    "..... ..... ..... ..... ..... .##.. .##..",                    // .
    "..... ....# ...#. ..#.. .#... #.... .....",                    // /
    ".###. #...# #..## #.#.# ##..# #...# .###.",                    // 0
    "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",                    // 1
    ".###. #...# ....# ...#. ..#.. .#... #####",                    // 2
    "##### ...#. ..#.. ...#. ....# #...# .###.",                    // 3
    "...#. ..##. .#.#. #..#. ##### ...#. ...#.",                    // 4
    "##### #.... ####. ....# ....# #...# .###.",                    // 5
    "..##. .#... #.... ####. #...# #...# .###.",                    // 6
    "##### ....# ...#. ..#.. .#... .#... .#...",                    // 7
    ".###. #...# #...# .###. #...# #...# .###.",                    // 8
    ".###. #...# #...# .#### ....# ...#. .##..",                    // 9
    "..... .##.. .##.. ..... .##.. .##.. .....",                    // :
    "..... .##.. .##.. ..... .##.. .##.. ..#.. .#... .....",        // ;
    "...#. ..#.. .#... #.... .#... ..#.. ...#.",                    // <
    "..... ..... ##### ..... ##### ..... .....",                    // =
    ".#... ..#.. ...#. ....# ...#. ..#.. .#...",                    // >
    ".###. #...# ....# ...#. ..#.. ..... ..#..",                    // ?
    ".###. #...# ....# .##.# #.#.# #.#.# .###.",                    // @
    ".###. #...# #...# ##### #...# #...# #...#",                    // A
    "####. #...# #...# ####. #...# #...# ####.",                    // B
    ".###. #...# #.... #.... #.... #...# .###.",                    // C
    "###.. #..#. #...# #...# #...# #..#. ###..",                    // D
    "##### #.... #.... ####. #.... #.... #####",                    // E
    "##### #.... #.... ####. #.... #.... #....",                    // F
    ".###. #...# #.... #.### #...# #...# .####",                    // G
    "#...# #...# #...# ##### #...# #...# #...#",                    // H
    ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",                    // I
    "..### ...#. ...#. ...#. ...#. #..#. .##..",                    // J
    "#...# #..#. #.#.. ##... #.#.. #..#. #...#",                    // K
    "#.... #.... #.... #.... #.... #.... #####",                    // L
    "#...# ##.## #.#.# #.#.# #...# #...# #...#",                    // M
    "#...# #...# ##..# #.#.# #..## #...# #...#",                    // N
    ".###. #...# #...# #...# #...# #...# .###.",                    // O
    "####. #...# #...# ####. #.... #.... #....",                    // P
    ".###. #...# #...# #...# #.#.# #..#. .##.#",                    // Q
    "####. #...# #...# ####. #.#.. #..#. #...#",                    // R
    ".#### #.... #.... .###. ....# ....# ####.",                    // S
    "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",                    // T
    "#...# #...# #...# #...# #...# #...# .###.",                    // U
    "#...# #...# #...# #...# #...# .#.#. ..#..",                    // V
    "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",                    // W
    "#...# #...# .#.#. ..#.. .#.#. #...# #...#",                    // X
    "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",                    // Y
    "##### ....# ...#. ..#.. .#... #.... #####",                    // Z
    ".###. .#... .#... .#... .#... .#... .###.",                    // [
    "..... #.... .#... ..#.. ...#. ....# .....",                    // backslash
    ".###. ...#. ...#. ...#. ...#. ...#. .###.",                    // ]
    "..#.. .#.#. #...# ..... ..... ..... .....",                    // ^
    "..... ..... ..... ..... ..... ..... ..... ..... #####",        // _
    ".#... ..#.. ...#. ..... ..... ..... .....",                    // `
    "..... ..... .###. ....# .#### #...# .####",                    // a
    "#.... #.... #.##. ##..# #...# #...# ####.",                    // b
    "..... ..... .###. #.... #.... #...# .###.",                    // c
    "....# ....# .##.# #..## #...# #...# .####",                    // d
    "..... ..... .###. #...# ##### #.... .###.",                    // e
    "..##. .#..# .#... ###.. .#... .#... .#...",                    // f
    "..... ..... .#### #...# #...# .#### ....# ....# .###.",        // g
    "#.... #.... #.##. ##..# #...# #...# #...#",                    // h
    "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.",                    // i
    "...#. ..... ..##. ...#. ...#. ...#. ...#. #..#. .##..",        // j
    "#.... #.... #..#. #.#.. ##... #.#.. #..#.",                    // k
    ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",                    // l
    "..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#",                    // m
    "..... ..... #.##. ##..# #...# #...# #...#",                    // n
    "..... ..... .###. #...# #...# #...# .###.",                    // o
    "..... ..... ####. #...# #...# #...# ####. #.... #....",        // p
    "..... ..... .#### #...# #...# #...# .#### ....# ....#",        // q
    "..... ..... #.##. ##..# #.... #.... #....",                    // r
    "..... ..... .###. #.... .###. ....# ####.",                    // s
    ".#... .#... ###.. .#... .#... .#..# ..##.",                    // t
    "..... ..... #...# #...# #...# #..## .##.#",                    // u
    "..... ..... #...# #...# #...# .#.#. ..#..",                    // v
    "..... ..... #...# #...# #.#.# #.#.# .#.#.",                    // w
    "..... ..... #...# .#.#. ..#.. .#.#. #...#",                    // x
    "..... ..... #...# #...# #...# #...# .#### ....# .###.",        // y
    "..... ..... ##### ...#. ..#.. .#... #####",                    // z
    "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.",                    // {
    "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",                    // |
    ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...",                    // }
    "..... ..... .#... #.#.# ...#. ..... .....",                    // ~
};

struct GlyphBits {
  uint8_t rows[font::kCellHeight] = {};
};

constexpr GlyphBits parse_glyph(const char* art) {
  GlyphBits g;
  int row = 0, col = 0;
  for (const char* p = art; *p != '\0'; ++p) {
    if (*p == ' ') {
      ++row;
      col = 0;
      continue;
    }
    if (*p == '#') g.rows[row] = static_cast<uint8_t>(g.rows[row] | (1u << (font::kGlyphWidth - 1 - col)));
    ++col;
  }
  return g;
}

constexpr std::array<GlyphBits, 95> make_font() {
  std::array<GlyphBits, 95> f{};
  for (size_t i = 0; i < f.size(); ++i) f[i] = parse_glyph(kGlyphArt[i]);
  return f;
}

constexpr std::array<GlyphBits, 95> kFont = make_font();

// Every glyph has 7 or 9 rows of exactly 5 columns.
constexpr bool well_formed(const char* art) {
  int rows = 1, col = 0;
  for (const char* p = art; *p != '\0'; ++p) {
    if (*p == ' ') {
      if (col != font::kGlyphWidth) return false;
      ++rows;
      col = 0;
    } else if (*p == '#' || *p == '.') {
      ++col;
    } else {
      return false;
    }
  }
  return col == font::kGlyphWidth && (rows == font::kCapHeight || rows == font::kCellHeight);
}
constexpr bool all_well_formed() {
  for (const char* art : kGlyphArt)
    if (!well_formed(art)) return false;
  return true;
}
static_assert(all_well_formed(), "a glyph of the bitmap font is not 5 columns by 7 or 9 rows");

bool ink(const uint8_t* rows, int x, int y) {
  if (x < 0 || y < 0 || x >= font::kGlyphWidth || y >= font::kCellHeight) return false;
  return (rows[y] >> (font::kGlyphWidth - 1 - x)) & 1u;
}

void draw_glyph(Framebuffer& fb, int x, int y, const uint8_t* rows, Color color, int scale) {
  for (int gy = 0; gy < font::kCellHeight; ++gy) {
    for (int gx = 0; gx < font::kGlyphWidth; ++gx) {
      const bool p = ink(rows, gx, gy);
      if (scale == 2) {
        // Edge-directed 2× enlargement: each pixel becomes four, and a
        // quarter takes its neighbours' colour where two of them meet on a
        // diagonal, rounding staircases into diagonals.
        const bool up = ink(rows, gx, gy - 1), down = ink(rows, gx, gy + 1);
        const bool left = ink(rows, gx - 1, gy), right = ink(rows, gx + 1, gy);
        const bool q[4] = {
            (left == up && left != down && up != right) ? up : p,
            (up == right && up != left && right != down) ? right : p,
            (down == left && down != right && left != up) ? left : p,
            (right == down && right != up && down != left) ? down : p,
        };
        for (int k = 0; k < 4; ++k)
          if (q[k]) fb.set(x + gx * 2 + (k & 1), y + gy * 2 + (k >> 1), color);
      } else if (p) {
        fb.fill_rect({x + gx * scale, y + gy * scale, scale, scale}, color);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Vector digits on a 10 × 16 grid (y down). Angles in degrees, 0 = +x,
// 90 = +y (down); arcs run from a0 to a1 in either direction.
struct Stroke {
  enum Kind : uint8_t { kLine, kArc } kind;
  float a, b, c, d, e, f;  // line: x0 y0 x1 y1; arc: cx cy rx ry a0 a1
};

constexpr Stroke L(float x0, float y0, float x1, float y1) { return {Stroke::kLine, x0, y0, x1, y1, 0, 0}; }
constexpr Stroke A(float cx, float cy, float rx, float ry, float a0, float a1) {
  return {Stroke::kArc, cx, cy, rx, ry, a0, a1};
}

struct DigitPath {
  Stroke strokes[4];
  int count;
};

constexpr DigitPath kDigitPaths[10] = {
    {{A(5, 8, 4.2f, 7.2f, 0, 360)}, 1},
    {{L(5.6f, 0.8f, 5.6f, 15.2f), L(5.6f, 0.8f, 2.4f, 3.8f), L(2.6f, 15.2f, 8.6f, 15.2f)}, 3},
    {{A(5, 4.9f, 4.2f, 4.1f, -165, 28), L(8.7f, 6.8f, 0.8f, 15.2f), L(0.8f, 15.2f, 9.2f, 15.2f)}, 3},
    {{A(5, 4.4f, 3.9f, 3.6f, -155, 90), A(5, 11.6f, 4.2f, 3.6f, -90, 155)}, 2},
    {{L(7.0f, 15.2f, 7.0f, 0.8f), L(7.0f, 0.8f, 0.8f, 11.0f), L(0.8f, 11.0f, 9.2f, 11.0f)}, 3},
    {{L(8.8f, 0.8f, 2.0f, 0.8f), L(2.0f, 0.8f, 1.5f, 7.9f), A(5, 10.6f, 4.2f, 4.6f, -145, 150)}, 3},
    {{A(5, 11.0f, 4.2f, 4.2f, 0, 360), A(10.5f, 11.0f, 9.7f, 10.2f, -100, -180)}, 2},
    {{L(0.8f, 0.8f, 9.2f, 0.8f), L(9.2f, 0.8f, 3.6f, 15.2f)}, 2},
    {{A(5, 4.2f, 3.6f, 3.4f, 0, 360), A(5, 11.4f, 4.2f, 3.8f, 0, 360)}, 2},
    {{A(5, 5.0f, 4.2f, 4.2f, 0, 360), A(-0.5f, 5.0f, 9.7f, 10.2f, 0, 80)}, 2},
};

constexpr int kBigMaxW = 96, kBigMaxH = 152;
uint8_t g_big_mask[kBigMaxW * kBigMaxH];  // coverage of the digit being drawn

}  // namespace

namespace font {
const uint8_t* glyph_rows(char c) {
  const int i = (c >= 32 && c <= 126) ? c - 32 : '?' - 32;
  return kFont[static_cast<size_t>(i)].rows;
}
}  // namespace font

int text_width(std::string_view text, int scale) {
  if (text.empty()) return 0;
  return (static_cast<int>(text.size()) * font::kAdvance - 1) * scale;
}

int draw_text(Framebuffer& fb, int x, int y, std::string_view text, Color color, int scale) {
  for (char c : text) {
    draw_glyph(fb, x, y, font::glyph_rows(c), color, scale);
    x += font::kAdvance * scale;
  }
  return x;
}

void draw_text_in(Framebuffer& fb, const Rect& box, std::string_view text, Color color, int scale, Align align) {
  const int w = text_width(text, scale);
  int x = box.x;
  if (align == Align::kCenter) x = box.x + (box.w - w) / 2;
  if (align == Align::kRight) x = box.right() - w;
  const int y = box.y + (box.h - font::kCapHeight * scale) / 2;
  draw_text(fb, x, y, text, color, scale);
}

void draw_big_digit(Framebuffer& fb, const Rect& box, int digit, Color color, float stroke) {
  if (digit < 0 || digit > 9) return;
  const Rect area = intersect(box, {box.x, box.y, kBigMaxW, kBigMaxH});
  const float unit = std::min(static_cast<float>(area.w) / 10.0f, static_cast<float>(area.h) / 16.0f);
  const float ox = static_cast<float>(area.w) - 10.0f * unit, oy = static_cast<float>(area.h) - 16.0f * unit;
  auto to_px = [&](float gx, float gy) { return PointF{ox * 0.5f + gx * unit - 0.5f, oy * 0.5f + gy * unit - 0.5f}; };
  std::fill_n(g_big_mask, area.w * area.h, uint8_t{0});
  const Rect mask_rect{0, 0, area.w, area.h};
  auto segment = [&](PointF a, PointF b) {
    raster_capsule(a, b, stroke * 0.5f, mask_rect, [&](int x, int y, uint8_t cov) {
      uint8_t& m = g_big_mask[y * area.w + x];
      m = std::max(m, cov);
    });
  };
  const DigitPath& path = kDigitPaths[digit];
  for (int s = 0; s < path.count; ++s) {
    const Stroke& k = path.strokes[s];
    if (k.kind == Stroke::kLine) {
      segment(to_px(k.a, k.b), to_px(k.c, k.d));
      continue;
    }
    constexpr float kDeg = 3.14159265f / 180.0f;
    const int steps = std::max(8, static_cast<int>(std::fabs(k.f - k.e) / 6.0f));
    PointF prev = to_px(k.a + k.c * std::cos(k.e * kDeg), k.b + k.d * std::sin(k.e * kDeg));
    for (int i = 1; i <= steps; ++i) {
      const float ang = (k.e + (k.f - k.e) * static_cast<float>(i) / static_cast<float>(steps)) * kDeg;
      const PointF p = to_px(k.a + k.c * std::cos(ang), k.b + k.d * std::sin(ang));
      segment(prev, p);
      prev = p;
    }
  }
  for (int y = 0; y < area.h; ++y)
    for (int x = 0; x < area.w; ++x) fb.blend_pixel(area.x + x, area.y + y, color, g_big_mask[y * area.w + x]);
}

}  // namespace nib::digits
