#include "common/install_location.h"

#include <filesystem>
#include <system_error>

#if defined(__linux__)
#include <dlfcn.h>
#include <link.h>
#endif

namespace sitbone::internal {

namespace fs = std::filesystem;

namespace {

// Any function of this library: its address says which loaded object holds us.
void Anchor() {}

}  // namespace

std::string SitboneBinaryPath() {
  std::error_code ec;
#if defined(__linux__)
  Dl_info info{};
  struct link_map* map = nullptr;
  if (dladdr1(reinterpret_cast<void*>(&Anchor), &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) != 0 &&
      map != nullptr && map->l_name != nullptr && map->l_name[0] != '\0') {
    // A shared object (libsitbone.so, or an extension module that links the
    // static library): its path as the loader opened it, `..` and links resolved.
    fs::path p = fs::weakly_canonical(fs::path(map->l_name), ec);
    if (!ec) return p.string();
  }
  // The main program (the link map of the executable has an empty name).
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.string();
#endif
  return {};
}

std::string FindBundledRulesRoot() {
  const std::string binary = SitboneBinaryPath();
  if (binary.empty()) return {};
  std::error_code ec;
  fs::path dir = fs::path(binary).parent_path();
  for (int level = 0; level <= kMaxRulesSearchLevels && !dir.empty(); ++level) {
    const fs::path root = dir / "share" / "sitbone" / "rules";
    if (fs::is_regular_file(root / "pht" / "ruleset.yaml", ec)) return root.string();
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return {};
}

}  // namespace sitbone::internal
