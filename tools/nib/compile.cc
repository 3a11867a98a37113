// nib compile: a model written out as C++ (tools/compile): NAME.h with the
// interface, NAME.cc with the prepared parameters and invoke(), NAME_data.cc
// with the weights and tables.
#include <cstdio>
#include <filesystem>
#include <string>

#include "commands.h"
#include "compiler.h"

namespace nib::cli {

int compile(const CompileArgs& args) {
  const std::string name = args.name.empty() ? compile::identifier_from_path(args.model) : args.name;
  if (compile::identifier_from_path(name) != name) return fail("--name " + name + ": not a C++ identifier");
  LoadedModel m;
  if (!load_model(args.model, &m)) return 1;
  compile::CompileOptions options;
  options.name = name;
  options.kernels = args.kernels == "reference" ? Kernels::kReference : Kernels::kOptimized;
  compile::CompiledFiles files;
  const Status s = compile::compile_model(m.model, options, &files);
  if (!s) return fail(args.model + ": " + s.message());
  std::error_code ec;
  std::filesystem::create_directories(args.output, ec);
  if (ec) return fail(args.output + ": " + ec.message());
  const std::filesystem::path dir = args.output;
  std::string error;
  for (const auto& [file, text] : {std::pair{name + ".h", &files.header}, std::pair{name + ".cc", &files.source},
                                   std::pair{name + "_data.cc", &files.data}})
    if (!tools::write_file((dir / file).string(), text->data(), text->size(), &error)) return fail(error);
  std::printf("%s: %s.h, %s.cc, %s_data.cc in %s (%s kernels): arena %zu bytes, constant data %zu bytes\n",
              args.model.c_str(), name.c_str(), name.c_str(), name.c_str(), args.output.c_str(), args.kernels.c_str(),
              files.arena_bytes, files.weight_bytes);
  return 0;
}

}  // namespace nib::cli
