// Bookkeeping of the operator suite (../shared/conformance/ops) against the
// checked-in list of what nib does not support yet
// (tests/conformance/ops_unsupported.txt). Shared by the host test and the
// Cortex-M4 firmware, so it uses no heap: it parses the two texts in place
// (the caller's buffers must stay alive) into fixed tables.
//
// A list entry is an operator name (every model of that operator) or a model
// name without ".tflite" (one model: for partial support, e.g. one type).
// The most specific entry covering a case takes it. Outcomes:
//  - a case no entry covers must pass: a failure or refusal is a failure;
//  - a listed case that fails counts as "not supported yet";
//  - an entry all of whose cases pass (or that covers no case) is stale and
//    fails the run: the list can only shrink.
#pragma once

#include <cstring>

namespace nib::test {

class OpsTally {
 public:
  static constexpr int kMaxModels = 512;
  static constexpr int kMaxEntries = 160;

  // ops.tsv ("model<TAB>op" rows after a header) and the list (one entry a
  // line, '#' starts a comment). Both texts are modified in place. False if
  // a table overflows.
  bool parse(char* ops_tsv, char* unsupported) {
    bool header = true;
    for (char* line = ops_tsv; line != nullptr;) {
      char* next = cut_line(line);
      char* tab = std::strchr(line, '\t');
      if (tab != nullptr && !header) {
        *tab = '\0';
        if (models_ == kMaxModels) return false;
        model_[models_] = line;
        op_[models_++] = trim(tab + 1);
      }
      header = false;
      line = next;
    }
    for (char* line = unsupported; line != nullptr;) {
      char* next = cut_line(line);
      if (char* hash = std::strchr(line, '#')) *hash = '\0';
      line = trim(line);
      if (*line != '\0') {
        if (entries_ == kMaxEntries) return false;
        entry_[entries_++] = Entry{line, 0, 0};
      }
      line = next;
    }
    return true;
  }

  // The operator of a model file ("add_x.int8.tflite"), or nullptr.
  const char* op_of(const char* model_file) const {
    for (int i = 0; i < models_; ++i)
      if (std::strcmp(model_[i], model_file) == 0) return op_[i];
    return nullptr;
  }

  // True when a failure of this case is expected (it is on the list).
  bool listed(const char* model_file) const { return find_entry(model_file) >= 0; }

  // Records one case's outcome. Returns true when the outcome is acceptable
  // (passed, or failed while listed).
  bool record(const char* model_file, bool ok) {
    const int e = find_entry(model_file);
    if (e >= 0) {
      ++entry_[e].cases;
      if (ok) ++entry_[e].passed;
    }
    if (ok) {
      ++passed_;
    } else if (e >= 0) {
      ++not_supported_;
    } else {
      ++failed_;
    }
    return ok || e >= 0;
  }

  int passed() const { return passed_; }
  int failed() const { return failed_; }
  int not_supported() const { return not_supported_; }
  int entries() const { return entries_; }
  // Entry i of the list, and whether it is stale (see above).
  const char* entry(int i) const { return entry_[i].name; }
  bool stale(int i) const { return entry_[i].passed == entry_[i].cases; }
  int stale_count() const {
    int n = 0;
    for (int i = 0; i < entries_; ++i) n += stale(i) ? 1 : 0;
    return n;
  }
  bool all_good() const { return failed_ == 0 && stale_count() == 0 && passed_ > 0; }

 private:
  struct Entry {
    const char* name;
    int cases;
    int passed;
  };

  // Model-name entry first, then the operator's entry; -1 if neither.
  int find_entry(const char* model_file) const {
    const char* dot = std::strstr(model_file, ".tflite");
    const size_t stem = dot != nullptr ? static_cast<size_t>(dot - model_file) : std::strlen(model_file);
    for (int i = 0; i < entries_; ++i)
      if (std::strlen(entry_[i].name) == stem && std::strncmp(entry_[i].name, model_file, stem) == 0) return i;
    const char* op = op_of(model_file);
    if (op == nullptr) return -1;
    for (int i = 0; i < entries_; ++i)
      if (std::strcmp(entry_[i].name, op) == 0) return i;
    return -1;
  }

  static char* cut_line(char* line) {
    char* nl = std::strchr(line, '\n');
    if (nl == nullptr) return nullptr;
    *nl = '\0';
    return nl[1] != '\0' ? nl + 1 : nullptr;
  }
  static char* trim(char* s) {
    while (*s == ' ' || *s == '\t') ++s;
    char* end = s + std::strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) *--end = '\0';
    return s;
  }

  const char* model_[kMaxModels] = {};
  const char* op_[kMaxModels] = {};
  int models_ = 0;
  Entry entry_[kMaxEntries] = {};
  int entries_ = 0;
  int passed_ = 0, failed_ = 0, not_supported_ = 0;
};

}  // namespace nib::test
