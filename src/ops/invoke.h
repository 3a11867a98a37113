// Typed invoke: adapts a kernel function to the interpreter's InvokeFn, so
// no operator writes its own cast trampoline.
//
//   void kernel(const Params&, const In0*, const In1*, ..., Out0*, ..., void* scratch);
//   ctx.set_kernel(invoke<kernel>, "name", params);
//
// Pointer-to-const arguments take the operator's inputs in order, other
// typed pointers its outputs in order, a trailing `void*` the scratch; the
// first argument is the params struct prepare stored. Everything resolves at
// compile time: the adapter is the same code as a handwritten trampoline.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "ops/context.h"

namespace nib::ops {
namespace invoke_detail {

template <typename T>
inline constexpr bool kIsInput = std::is_pointer_v<T> && std::is_const_v<std::remove_pointer_t<T>>;
template <typename T>
inline constexpr bool kIsScratch = std::is_same_v<T, void*>;

// How many of the first J arguments are inputs (or outputs).
template <size_t J, typename... Args>
constexpr int inputs_before() {
  constexpr bool is_input[] = {kIsInput<Args>..., false};
  int n = 0;
  for (size_t i = 0; i < J; ++i) n += is_input[i];
  return n;
}
template <size_t J, typename... Args>
constexpr int outputs_before() {
  constexpr bool is_output[] = {(!kIsInput<Args> && !kIsScratch<Args>)..., false};
  int n = 0;
  for (size_t i = 0; i < J; ++i) n += is_output[i];
  return n;
}

template <typename T, int In, int Out>
T argument(const OpRuntime& rt) {
  if constexpr (kIsInput<T>)
    return static_cast<T>(rt.inputs[In]);
  else if constexpr (kIsScratch<T>)
    return rt.scratch;
  else
    return static_cast<T>(rt.outputs[Out]);
}

template <auto Kernel, typename Fn = decltype(Kernel)>
struct Adapter;

template <auto Kernel, typename P, typename... Args>
struct Adapter<Kernel, void (*)(const P&, Args...)> {
  template <size_t... J>
  static void call(const OpRuntime& rt, std::index_sequence<J...>) {
    Kernel(*static_cast<const P*>(rt.params),
           argument<Args, inputs_before<J, Args...>(), outputs_before<J, Args...>()>(rt)...);
  }
  static void invoke(const OpRuntime& rt) { call(rt, std::index_sequence_for<Args...>{}); }
};

}  // namespace invoke_detail

template <auto Kernel>
void invoke(const OpRuntime& rt) {
  invoke_detail::Adapter<Kernel>::invoke(rt);
}

}  // namespace nib::ops
