// The one-line JSON form of a prediction, shared by the simulator and the
// firmware so that their outputs compare byte for byte:
//   {"digit": 7, "top3": [[7, 0.9731], [1, 0.0200], [2, 0.0100]]}
// and {"digit": null, "top3": []} when there is nothing to recognize.
#pragma once

#include "digits/recognizer.h"
#include "digits/text.h"

namespace nib::digits {

template <size_t N>
void format_prediction_json(const Prediction* p, TextBuf<N>& out) {
  if (p == nullptr || p->digit < 0) {
    out.add("{\"digit\": null, \"top3\": []}");
    return;
  }
  out.add("{\"digit\": ").add_int(p->digit).add(", \"top3\": [");
  for (int k = 0; k < 3; ++k) {
    if (k > 0) out.add(", ");
    out.add('[').add_int(p->top[k]).add(", ").add_fixed(p->probability[p->top[k]], 4).add(']');
  }
  out.add("]}");
}

}  // namespace nib::digits
