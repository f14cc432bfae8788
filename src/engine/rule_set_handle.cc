#include "sitbone/rule_set_handle.h"

#include <utility>

namespace sitbone {

RuleSetHandle::RuleSetHandle(std::shared_ptr<const RuleSet> initial)
    : current_(std::move(initial)), generation_(current_ ? 1 : 0) {}

std::shared_ptr<const RuleSet> RuleSetHandle::Get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

std::uint64_t RuleSetHandle::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

ReloadResult RuleSetHandle::Reload(const std::string& path, const LoadOptions& options) {
  std::lock_guard<std::mutex> one_at_a_time(reload_mutex_);
  // Load and validate completely before touching what serves.
  CompileResult loaded = LoadRuleSet(path, options);
  ReloadResult result;
  result.diagnostics = std::move(loaded.diagnostics);
  std::shared_ptr<const RuleSet> old;  // released after the lock, outside it
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (loaded.rule_set) {
      old = std::exchange(current_, std::move(loaded.rule_set));
      ++generation_;
      result.replaced = true;
    }
    result.generation = generation_;
  }
  return result;
}

}  // namespace sitbone
