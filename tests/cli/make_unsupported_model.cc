// make_unsupported_model IN.tflite OUT.tflite: a copy of IN whose operator 0
// is a custom operator and whose last operator claims a version newer than
// nib runs, for the test that `nib inspect` lists every unsupported operator.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "nib/schema/tflite_generated.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  if (bytes.empty()) return 1;
  std::unique_ptr<nib::fb::ModelT> model = nib::fb::UnPackModel(bytes.data());
  auto& graph = *model->subgraphs.at(0);
  auto& codes = model->operator_codes;
  // New operator codes, so the other operators keep theirs.
  auto custom = std::make_unique<nib::fb::OperatorCodeT>();
  custom->builtin_code = static_cast<nib::fb::BuiltinOperator>(32);  // CUSTOM
  custom->deprecated_builtin_code = 32;
  custom->custom_code = "NotANibOp";
  custom->version = 1;
  const auto& last_code = *codes.at(graph.operators.back()->opcode_index);
  auto newer = std::make_unique<nib::fb::OperatorCodeT>(last_code);
  newer->version = 99;
  codes.push_back(std::move(custom));
  graph.operators.front()->opcode_index = static_cast<uint32_t>(codes.size() - 1);
  codes.push_back(std::move(newer));
  graph.operators.back()->opcode_index = static_cast<uint32_t>(codes.size() - 1);

  flatbuffers::FlatBufferBuilder fbb;
  fbb.Finish(nib::fb::Model::Pack(fbb, model.get()), nib::fb::ModelIdentifier());
  std::ofstream out(argv[2], std::ios::binary);
  out.write(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
  return out ? 0 : 1;
}
