// A rule set that can be replaced while it is in use (hot reload), for
// services that must pick up an updated rule set without a restart.
//
//   sitbone::RuleSetHandle handle(sitbone::LoadRuleSet(dir).rule_set);
//   // any thread, per request:
//   std::shared_ptr<const sitbone::RuleSet> rules = handle.Get();
//   rules->Evaluate(...);   // finishes on this rule set, whatever reloads meanwhile
//   // an admin thread, when the files change:
//   sitbone::ReloadResult r = handle.Reload(dir);
//   if (!r.replaced) log(r.diagnostics.Format());   // the old rule set keeps serving
//
// A reload loads and validates the new rule set completely before anything
// changes; a rule set with errors (or, with warnings_as_errors, warnings)
// never replaces the working one. The swap is atomic: a Get() sees either the
// old or the new rule set, never a mixture, and an evaluation that holds a
// rule set keeps it alive until it is done.
#ifndef SITBONE_RULE_SET_HANDLE_H_
#define SITBONE_RULE_SET_HANDLE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "sitbone/diagnostic.h"
#include "sitbone/rule_set.h"

namespace sitbone {

struct ReloadResult {
  bool replaced = false;         // true: the new rule set now serves
  Diagnostics diagnostics;       // of the new rule set (errors when not replaced)
  std::uint64_t generation = 0;  // the handle's generation after the call
};

class RuleSetHandle {
 public:
  // Serves `initial`. A handle made from null serves nothing (Get() is null,
  // generation() 0) until its first successful Reload.
  explicit RuleSetHandle(std::shared_ptr<const RuleSet> initial);

  RuleSetHandle(const RuleSetHandle&) = delete;
  RuleSetHandle& operator=(const RuleSetHandle&) = delete;

  // The rule set serving now. Thread-safe; hold the pointer for the whole of
  // one evaluation (and its rendering).
  std::shared_ptr<const RuleSet> Get() const;

  // Loads `path` with `options`; replaces the serving rule set only if the
  // load succeeded. Thread-safe; concurrent reloads are applied one at a time.
  ReloadResult Reload(const std::string& path, const LoadOptions& options = {});

  // The number of rule sets that have served: 1 for a handle made from a rule
  // set, plus one per successful reload. Never throws, like the rest.
  std::uint64_t generation() const;

 private:
  mutable std::mutex mutex_;     // guards current_ and generation_ (held only to copy or swap)
  std::mutex reload_mutex_;      // one reload at a time (held while compiling)
  std::shared_ptr<const RuleSet> current_;
  std::uint64_t generation_;
};

}  // namespace sitbone

#endif  // SITBONE_RULE_SET_HANDLE_H_
