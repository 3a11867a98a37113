// libFuzzer target: the digit app's stroke-script JSON reader and player.
#include <cstdint>
#include <string_view>

#include "digits/stroke_script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nib::digits::StrokeScript script;
  if (!nib::digits::StrokeScript::parse(text, script)) return 0;
  nib::digits::ScriptPlayer player(script, nib::digits::Rect{0, 0, 240, 240});
  nib::digits::TouchEvent e;
  int events = 0;
  while (player.next(e) && events < 1'000'000) ++events;
  return 0;
}
