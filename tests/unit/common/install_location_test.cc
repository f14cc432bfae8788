#include "common/install_location.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace sitbone::internal {
namespace {

namespace fs = std::filesystem;

TEST(InstallLocationTest, TheStaticLibraryLivesInTheProgramItIsLinkedInto) {
  // The unit tests link the static library, so sitbone's code is this program.
  const std::string binary = SitboneBinaryPath();
  ASSERT_FALSE(binary.empty());
  EXPECT_TRUE(fs::equivalent(binary, fs::read_symlink("/proc/self/exe"))) << binary;
}

TEST(InstallLocationTest, ABuildTreeFindsTheRulesItWasBuiltFrom) {
  // <build>/tests/unit/<test> -> <build>/share/sitbone/rules, a link to the
  // source tree's rules/ (made at configure time by src/CMakeLists.txt).
  const std::string root = FindBundledRulesRoot();
  ASSERT_FALSE(root.empty());
  EXPECT_EQ(fs::path(root).filename(), "rules");
  EXPECT_EQ(fs::path(root).parent_path().parent_path().filename(), "share");
  EXPECT_TRUE(fs::equivalent(root, SITBONE_RULES_DIR_FOR_TESTS)) << root;
  // The search starts from the binary's folder and climbs: the root is above it.
  const fs::path build = fs::path(root).parent_path().parent_path().parent_path();
  const std::string binary = SitboneBinaryPath();
  EXPECT_EQ(binary.rfind(build.string() + "/", 0), 0u) << binary << " is not under " << build;
}

}  // namespace
}  // namespace sitbone::internal
