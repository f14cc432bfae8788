// Random PHT assessments for property and differential tests: drawn from the
// input schema with a fixed seed (unknowns, range ends and values on both
// sides of every threshold included), and the worked cases moved around by a
// few random changes, so that narrow regions are reached as well as wide ones.
#ifndef SITBONE_TESTS_RULES_PHT_GENERATOR_H_
#define SITBONE_TESTS_RULES_PHT_GENERATOR_H_

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sitbone/sitbone.h"
#include "yaml-cpp/yaml.h"

namespace sitbone::testing_support {

using Json = nlohmann::json;

// Draws assessments from the schema. Numbers favour the values that sit on
// the thresholds of G4 (exactly at, one below, one above) and the range ends.
// Inputs of the worked cases, used as starting points that a few random
// changes move around (so that narrow regions such as the PH3 fast-track are
// reached as well as the wide ones).
inline std::vector<Json> VignetteInputs() {
  std::vector<Json> out;
  YAML::Node root = YAML::LoadFile(std::string(SITBONE_RULES_DIR_FOR_TESTS) + "/pht/tests/vignettes.yaml");
  for (const auto& v : root["tests"]) {
    Json doc = Json::object();
    for (const auto& kv : v["input"]) {
      const YAML::Node& x = kv.second;
      std::string key = kv.first.as<std::string>();
      if (x.IsNull()) {
        doc[key] = nullptr;
      } else if (x.Tag() == "!") {
        doc[key] = x.as<std::string>();  // quoted: 'yes', 'no'
      } else {
        try {
          doc[key] = x.as<double>();
        } catch (const YAML::Exception&) {
          doc[key] = x.as<std::string>();
        }
      }
    }
    out.push_back(doc);
  }
  return out;
}

class Generator {
 public:
  Generator(const RuleSet& rules, unsigned seed) : rules_(rules), rng_(seed), seeds_(VignetteInputs()) {
    for (const auto& t : rules.thresholds()) pivots_.push_back(t.value);
  }

  Json Next() {
    if (!seeds_.empty() && Chance(0.4)) {
      Json doc = seeds_[static_cast<std::size_t>(Uniform(0, static_cast<int>(seeds_.size()) - 1))];
      Json fresh = Fresh();
      const auto& fields = rules_.schema()->fields();
      for (int k = Uniform(0, 4); k > 0; --k) {
        const std::string& name = fields[static_cast<std::size_t>(Uniform(0, static_cast<int>(fields.size()) - 1))].name;
        if (fresh.contains(name)) doc[name] = fresh[name];
        else doc.erase(name);
      }
      return doc;
    }
    return Fresh();
  }

 private:
  Json Fresh() {
    static const std::set<std::string> kRedFlags = {
        "saddle_anaesthesia", "new_bladder_bowel_dysfunction", "bilateral_leg_neuro_symptoms",
        "progressive_neuro_deficit", "new_sexual_dysfunction", "fever_or_unwell", "unexplained_weight_loss",
        "history_of_cancer", "night_pain_unrelated_to_load", "immunosuppressed", "palpable_gap",
        "posterior_thigh_bruising", "marked_hamstring_weakness", "focal_bony_tenderness",
        "pain_on_single_leg_hop", "low_energy_availability_risk", "neuro_deficit", "major_motor_deficit"};
    // Each record has its own share of unknowns, from complete to sparse.
    static const double kUnknownShare[] = {0.0, 0.0, 0.05, 0.15, 0.35, 0.7};
    double p_unknown = kUnknownShare[Uniform(0, 5)];
    Json doc = Json::object();
    for (const auto& f : rules_.schema()->fields()) {
      if (Chance(p_unknown)) {
        if (Chance(0.5)) doc[f.name] = nullptr;  // explicit null = absent
        continue;
      }
      bool red_flag = kRedFlags.count(f.name) > 0;
      switch (f.type) {
        case FieldType::kTri:
          doc[f.name] = red_flag && Chance(0.85) ? "no" : Pick({"yes", "no", "unknown"});
          break;
        case FieldType::kTest:
          doc[f.name] = Pick({"positive", "negative", "unknown"});
          break;
        case FieldType::kEnum: {
          std::vector<std::string> values = f.values;
          values.push_back("unknown");
          if (f.name == "onset" && Chance(0.6)) {
            doc[f.name] = "gradual";
          } else {
            doc[f.name] = values[static_cast<std::size_t>(Uniform(0, static_cast<int>(values.size()) - 1))];
          }
          break;
        }
        case FieldType::kInt:
        case FieldType::kNumber:
          doc[f.name] = Number(f);
          break;
      }
    }
    return doc;
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  const char* Pick(std::initializer_list<const char*> options) {
    return options.begin()[Uniform(0, static_cast<int>(options.size()) - 1)];
  }
  double Number(const FieldSpec& f) {
    double lo = *f.min, hi = *f.max;
    double v;
    int mode = Uniform(0, 9);
    if (mode < 5) {  // a threshold, or one either side of it
      v = pivots_[static_cast<std::size_t>(Uniform(0, static_cast<int>(pivots_.size()) - 1))] + Uniform(-1, 1);
    } else if (mode < 6) {
      v = Chance(0.5) ? lo : hi;
    } else if (f.type == FieldType::kNumber && mode < 7) {
      v = std::round(std::uniform_real_distribution<double>(lo, std::min(hi, lo + 40))(rng_) * 2) / 2;
    } else {
      v = Uniform(static_cast<int>(lo), static_cast<int>(std::min(hi, lo + 40)));
    }
    if (v < lo || v > hi) v = Uniform(static_cast<int>(lo), static_cast<int>(std::min(hi, lo + 12)));
    return v;
  }

  const RuleSet& rules_;
  std::mt19937 rng_;
  std::vector<Json> seeds_;
  std::vector<double> pivots_;
};

inline Assessment ToAssessment(const RuleSet& rules, const Json& doc) {
  Result<Assessment> a = ParseAssessment(rules.schema(), doc.dump(), "generated");
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().message()) << "\n" << doc.dump();
  return *a;
}

}  // namespace sitbone::testing_support

#endif  // SITBONE_TESTS_RULES_PHT_GENERATOR_H_
