// Where the bundled rule sets are, found at run time from where the sitbone
// code itself sits, so that an installed (and later moved) sitbone finds its
// own rule sets and a build tree finds the ones it was built from. No path of
// the build machine is compiled in.
#ifndef SITBONE_COMMON_INSTALL_LOCATION_H_
#define SITBONE_COMMON_INSTALL_LOCATION_H_

#include <string>

namespace sitbone::internal {

// The file that holds the running sitbone code: the shared library
// (libsitbone.so) when sitbone is linked as one, else the program it is
// linked into (the Python extension, the runner, a test). Canonical; empty
// when the platform cannot tell.
std::string SitboneBinaryPath();

// The rule-set root: the nearest `share/sitbone/rules` folder (holding a
// `pht/ruleset.yaml`) in the folder of SitboneBinaryPath() or one of its
// kMaxRulesSearchLevels parents. An install puts the rules at
// <prefix>/share/sitbone/rules beside <prefix>/bin and <prefix>/lib[/<arch>];
// a build tree has <build>/share/sitbone/rules, a link to the source tree's
// rules/. Empty when none is found.
inline constexpr int kMaxRulesSearchLevels = 4;
std::string FindBundledRulesRoot();

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_INSTALL_LOCATION_H_
