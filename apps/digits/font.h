// Text for the UI: a 5×7 bitmap font (printable ASCII, lowercase with
// descenders in a 5×9 cell) drawn at any integer scale (scale 2 with
// edge-directed smoothing of diagonals), and a vector font of the ten digits
// drawn with anti-aliased strokes at any size (the recognised digit).
#pragma once

#include <cstdint>
#include <string_view>

#include "digits/framebuffer.h"

namespace nib::digits {

namespace font {
inline constexpr int kGlyphWidth = 5;   // pixels of ink per glyph, at scale 1
inline constexpr int kCapHeight = 7;    // rows from the top of capitals to the baseline
inline constexpr int kCellHeight = 9;   // with the two descender rows
inline constexpr int kAdvance = 6;      // glyph + one column of spacing
inline constexpr int kLineHeight = 11;

// The glyph's rows, top first; bit 4 is the leftmost column. Characters
// outside printable ASCII give the glyph of '?'.
const uint8_t* glyph_rows(char c);
}  // namespace font

// Width in pixels of `text` drawn at `scale` (no trailing spacing).
int text_width(std::string_view text, int scale = 1);

// Draws text with the top of its capitals at y. Returns the x just past the
// last glyph's spacing (where the next text would start).
int draw_text(Framebuffer& fb, int x, int y, std::string_view text, Color color, int scale = 1);

enum class Align : uint8_t { kLeft, kCenter, kRight };
// Draws one line inside box, vertically centred on the capital height.
void draw_text_in(Framebuffer& fb, const Rect& box, std::string_view text, Color color, int scale = 1,
                  Align align = Align::kCenter);

// One digit 0..9 of the vector font, fitted in box (keeps the glyph's 5:8
// aspect, centred), strokes `stroke` pixels wide.
void draw_big_digit(Framebuffer& fb, const Rect& box, int digit, Color color, float stroke);

}  // namespace nib::digits
