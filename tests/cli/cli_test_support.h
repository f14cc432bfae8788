// Helpers for the CLI tests: run `sitbone` in-process through
// sitbone::cli::Main with string streams, or as the real executable through the
// shell, and collect stdout, stderr and the exit code either way.
#ifndef SITBONE_TESTS_CLI_CLI_TEST_SUPPORT_H_
#define SITBONE_TESTS_CLI_CLI_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"

namespace sitbone::cli::testing_support {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// gtest prints this when an assertion on a CliResult fails, so a failure
// shows what the command actually wrote.
inline std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  return os << "exit code " << r.exit_code << "\n--- stdout ---\n" << r.out << "--- stderr ---\n" << r.err;
}
inline void PrintTo(const CliResult& r, std::ostream* os) { *os << r; }

// The example rule set every evaluate/batch/schema test uses (never the
// bundled PHT rule set, which is developed separately).
inline std::string ExampleRules() { return std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/examples/tendon_triage"; }

// A fixture under tests/cli/data.
inline std::string Data(std::string_view relative) {
  return std::string(SITBONE_TEST_DATA_DIR) + "/" + std::string(relative);
}

// Runs `sitbone args...` in-process; `stdin_text` is what `-` reads.
inline CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::vector<const char*> argv = {"sitbone"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = Main(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs the built executable (SITBONE_CLI_PATH) through the shell, with
// `stdin_text` on its standard input.
inline CliResult RunBinary(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir());
  const std::string stem = "sitbone_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const std::string in_path = (dir / (stem + ".in")).string();
  const std::string err_path = (dir / (stem + ".err")).string();
  { std::ofstream(in_path, std::ios::binary) << stdin_text; }
  std::string command = ShellQuote(SITBONE_CLI_PATH);
  for (const auto& a : args) command += " " + ShellQuote(a);
  command += " <" + ShellQuote(in_path) + " 2>" + ShellQuote(err_path);
  CliResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    r.err = "popen failed for: " + command;
    return r;
  }
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFileText(err_path);
  std::error_code ec;
  fs::remove(in_path, ec);
  fs::remove(err_path, ec);
  return r;
}

// Parses JSON, failing the current test (and returning null) when it is not JSON.
inline nlohmann::json ParseJson(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << text;
    return nullptr;
  }
}

// The lines of `text`, without their newlines.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace sitbone::cli::testing_support

#endif  // SITBONE_TESTS_CLI_CLI_TEST_SUPPORT_H_
