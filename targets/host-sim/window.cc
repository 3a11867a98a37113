#include "window.h"

#include <SDL.h>

#include <cstdio>
#include <optional>
#include <iostream>
#include <vector>

#include "digits/report.h"
#include "png_writer.h"

namespace nib::sim {

using namespace digits;

namespace {

void print_result(Controller& c) {
  TextBuf<160> line;
  format_prediction_json(c.has_result() ? &c.result() : nullptr, line);
  std::cout << line.c_str() << std::endl;
}

std::string save_window(SDL_Renderer* renderer, int w, int h, const std::string& path) {
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, rgb.data(), w * 3) != 0)
    return std::string("SDL_RenderReadPixels: ") + SDL_GetError();
  return write_png(path, rgb.data(), w, h);
}

}  // namespace

int run_window(SimApp& app, const WindowOptions& options) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::cerr << "nib-sim: SDL_Init: " << SDL_GetError() << "\n";
    return 1;
  }
  const int w = layout::kScreenWidth * options.scale, h = layout::kScreenHeight * options.scale;
  SDL_Window* window = SDL_CreateWindow("nib digits - simulator", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, 0);
  SDL_Renderer* renderer = window != nullptr ? SDL_CreateRenderer(window, -1, 0) : nullptr;
  if (renderer == nullptr && window != nullptr) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
  SDL_Texture* texture =
      renderer != nullptr ? SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB565, SDL_TEXTUREACCESS_STREAMING,
                                              layout::kScreenWidth, layout::kScreenHeight)
                          : nullptr;
  if (texture == nullptr) {
    std::cerr << "nib-sim: cannot open a window: " << SDL_GetError() << "\n";
    SDL_Quit();
    return 1;
  }

  Controller& controller = app.controller();
  Framebuffer& fb = app.framebuffer();
  const uint32_t start = SDL_GetTicks();
  auto now_ms = [&] { return SDL_GetTicks() - start; };
  std::optional<ScriptPlayer> player;
  if (options.script != nullptr) player.emplace(*options.script, layout::kDrawArea, 500);
  TouchEvent next_event;
  bool have_next = player && player->next(next_event);

  int recognitions = controller.recognitions();
  bool mouse_down = false, running = true, dirty = true;
  int shots = 0;
  const float scale = static_cast<float>(options.scale);
  while (running) {
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
      TouchEvent t;
      // Window pixels -> screen pixels, then to the app as a finger event.
      const auto touch = [&](TouchEvent::Kind kind, int x, int y) {
        t.kind = kind;
        t.x = static_cast<float>(x) / scale;
        t.y = static_cast<float>(y) / scale;
        controller.on_touch(t);
      };
      t.t_ms = now_ms();
      switch (ev.type) {
        case SDL_QUIT: running = false; break;
        case SDL_KEYDOWN:
          if (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q) running = false;
          if (ev.key.keysym.sym == SDLK_c) controller.clear();
          if (ev.key.keysym.sym == SDLK_r) controller.recognize();
          if (ev.key.keysym.sym == SDLK_s) {
            const std::string name = "nib-sim-" + std::to_string(++shots) + ".png";
            const std::vector<uint8_t> rgb =
                rgb565_to_rgb888(fb.pixels(), fb.width(), fb.height(), fb.stride(), options.scale);
            const std::string err = write_png(name, rgb.data(), w, h);
            std::cerr << (err.empty() ? "nib-sim: saved " + name : "nib-sim: " + err) << "\n";
          }
          break;
        case SDL_MOUSEBUTTONDOWN:
          if (ev.button.button != SDL_BUTTON_LEFT) break;
          mouse_down = true;
          touch(TouchEvent::Kind::kDown, ev.button.x, ev.button.y);
          break;
        case SDL_MOUSEMOTION:
          if (!mouse_down) break;
          touch(TouchEvent::Kind::kMove, ev.motion.x, ev.motion.y);
          break;
        case SDL_MOUSEBUTTONUP:
          if (ev.button.button != SDL_BUTTON_LEFT || !mouse_down) break;
          mouse_down = false;
          touch(TouchEvent::Kind::kUp, ev.button.x, ev.button.y);
          break;
        case SDL_WINDOWEVENT: dirty = true; break;
        default: break;
      }
    }
    const uint32_t now = now_ms();
    while (have_next && next_event.t_ms <= now) {
      controller.tick(next_event.t_ms);
      controller.on_touch(next_event);
      have_next = player->next(next_event);
    }
    controller.tick(now);
    if (controller.recognitions() != recognitions) {
      recognitions = controller.recognitions();
      print_result(controller);
    }
    if (!app.ui().take_dirty().empty() || dirty) {
      SDL_UpdateTexture(texture, nullptr, fb.pixels(), fb.stride() * 2);
      SDL_RenderClear(renderer);
      SDL_RenderCopy(renderer, texture, nullptr, nullptr);
      SDL_RenderPresent(renderer);
      dirty = false;
    }
    if (options.exit_after_ms > 0 && now >= static_cast<uint32_t>(options.exit_after_ms)) running = false;
    SDL_Delay(8);
  }

  int status = 0;
  if (!options.screenshot.empty()) {
    // Draw once more and read back what the window shows.
    SDL_UpdateTexture(texture, nullptr, fb.pixels(), fb.stride() * 2);
    SDL_RenderClear(renderer);
    SDL_RenderCopy(renderer, texture, nullptr, nullptr);
    const std::string err = save_window(renderer, w, h, options.screenshot);
    SDL_RenderPresent(renderer);
    if (!err.empty()) {
      std::cerr << "nib-sim: " << err << "\n";
      status = 1;
    }
  }
  SDL_DestroyTexture(texture);
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return status;
}

}  // namespace nib::sim
