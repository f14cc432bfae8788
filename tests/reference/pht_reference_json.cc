#include "pht_reference_json.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace sitbone::reference {
namespace {

using nlohmann::json;

enum class Kind : int8_t { kTri, kTest, kEnum, kInt, kNum };

struct Choice {
  std::string_view text;
  int8_t code;
};

template <typename E>
constexpr Choice C(std::string_view text, E value) {
  return Choice{text, static_cast<int8_t>(value)};
}

// Allowed values, in G1 order.
constexpr Choice kTriChoices[] = {C("yes", Tri::kYes), C("no", Tri::kNo),
                                  C("unknown", Tri::kUnknown)};
constexpr Choice kTestChoices[] = {C("positive", Test::kPositive), C("negative", Test::kNegative),
                                   C("unknown", Test::kUnknown)};
constexpr Choice kSexChoices[] = {C("female", Sex::kFemale), C("male", Sex::kMale),
                                  C("other", Sex::kOther), C("unknown", Sex::kUnknown)};
constexpr Choice kMenopausalChoices[] = {
    C("pre", MenopausalStatus::kPre), C("peri", MenopausalStatus::kPeri),
    C("post", MenopausalStatus::kPost), C("not_applicable", MenopausalStatus::kNotApplicable),
    C("unknown", MenopausalStatus::kUnknown)};
constexpr Choice kActivityChoices[] = {
    C("running", MainActivity::kRunning),
    C("cycling", MainActivity::kCycling),
    C("field_sport", MainActivity::kFieldSport),
    C("dance", MainActivity::kDance),
    C("strength_training", MainActivity::kStrengthTraining),
    C("walking", MainActivity::kWalking),
    C("sedentary", MainActivity::kSedentary),
    C("other", MainActivity::kOther),
    C("unknown", MainActivity::kUnknown)};
constexpr Choice kOnsetChoices[] = {C("gradual", Onset::kGradual),
                                    C("sudden_traumatic", Onset::kSuddenTraumatic),
                                    C("unknown", Onset::kUnknown)};
constexpr Choice kRunningChoices[] = {
    C("not_running", RunningStatus::kNotRunning), C("walk_run", RunningStatus::kWalkRun),
    C("running_reduced", RunningStatus::kRunningReduced),
    C("running_full", RunningStatus::kRunningFull), C("unknown", RunningStatus::kUnknown)};
constexpr Choice kResponseChoices[] = {C("baseline", Response24h::kBaseline),
                                       C("worse", Response24h::kWorse),
                                       C("unknown", Response24h::kUnknown)};
constexpr Choice kTrendChoices[] = {
    C("improving", WeeklyTrend::kImproving), C("stable", WeeklyTrend::kStable),
    C("worsening", WeeklyTrend::kWorsening), C("unknown", WeeklyTrend::kUnknown)};
constexpr Choice kDxChoices[] = {
    C("likely", DiagnosisLikelihood::kLikely),
    C("possible", DiagnosisLikelihood::kPossible),
    C("indeterminate", DiagnosisLikelihood::kIndeterminate),
    C("unlikely", DiagnosisLikelihood::kUnlikely),
    C("unknown", DiagnosisLikelihood::kUnknown)};

using CodeSetter = void (*)(PhtInput&, int8_t);

template <typename E, E PhtInput::*M>
void SetCode(PhtInput& in, int8_t code) {
  in.*M = static_cast<E>(code);
}

struct FieldSpec {
  std::string_view name;
  Kind kind;
  const Choice* choices;
  std::size_t n_choices;
  CodeSetter set_code;
  std::optional<double> PhtInput::*number;
  double lo;
  double hi;
};

template <std::size_t N>
constexpr FieldSpec Coded(std::string_view name, Kind kind, const Choice (&choices)[N],
                          CodeSetter set) {
  return FieldSpec{name, kind, choices, N, set, nullptr, 0, 0};
}
constexpr FieldSpec Number(std::string_view name, Kind kind, std::optional<double> PhtInput::*m,
                           double lo, double hi) {
  return FieldSpec{name, kind, nullptr, 0, nullptr, m, lo, hi};
}

#define SB_TRI(f) Coded(#f, Kind::kTri, kTriChoices, &SetCode<Tri, &PhtInput::f>)
#define SB_TEST(f) Coded(#f, Kind::kTest, kTestChoices, &SetCode<Test, &PhtInput::f>)
#define SB_ENUM(f, T, choices) Coded(#f, Kind::kEnum, choices, &SetCode<T, &PhtInput::f>)
#define SB_INT(f, lo, hi) Number(#f, Kind::kInt, &PhtInput::f, lo, hi)
#define SB_NUM(f, lo, hi) Number(#f, Kind::kNum, &PhtInput::f, lo, hi)

// The 71 input fields of G1, in table order, with their types and ranges.
const FieldSpec kFields[] = {
    SB_INT(age_years, 10, 100),
    SB_ENUM(sex, Sex, kSexChoices),
    SB_ENUM(menopausal_status, MenopausalStatus, kMenopausalChoices),
    SB_ENUM(main_activity, MainActivity, kActivityChoices),
    SB_NUM(daily_sitting_hours, 0, 24),
    SB_NUM(symptom_duration_weeks, 0, 1040),
    SB_ENUM(onset, Onset, kOnsetChoices),
    SB_TRI(mechanism_hip_flexion_knee_extension),
    SB_TRI(felt_pop_at_onset),
    SB_TRI(posterior_thigh_bruising),
    SB_TRI(palpable_gap),
    SB_TRI(marked_hamstring_weakness),
    SB_INT(days_since_injury, 0, 3650),
    SB_TRI(recent_load_spike),
    SB_TRI(pain_localised_ischial),
    SB_INT(pain_worst_24h_nrs, 0, 10),
    SB_TRI(rest_or_night_pain),
    SB_TRI(night_pain_unrelated_to_load),
    SB_INT(sitting_tolerance_min, 0, 480),
    SB_TRI(pain_with_daily_activities),
    SB_TRI(latent_flare_over_24h),
    SB_TRI(warm_up_effect),
    SB_ENUM(running_status, RunningStatus, kRunningChoices),
    SB_TEST(ischial_palpation_tender),
    SB_INT(slb_short_lever_nrs, 0, 10),
    SB_INT(slb_long_lever_nrs, 0, 10),
    SB_TEST(arabesque_test),
    SB_TEST(puranen_orava_test),
    SB_TEST(bent_knee_stretch_test),
    SB_TEST(modified_bent_knee_stretch_test),
    SB_TEST(seated_piriformis_stretch_test),
    SB_TEST(long_stride_walking_test),
    SB_INT(sij_cluster_positive_count, 0, 6),
    SB_TRI(low_back_pain),
    SB_TRI(pain_below_knee),
    SB_TRI(leg_paraesthesia),
    SB_TEST(slump_test),
    SB_TEST(straight_leg_raise_test),
    SB_TRI(neuro_deficit),
    SB_TRI(saddle_anaesthesia),
    SB_TRI(new_bladder_bowel_dysfunction),
    SB_TRI(bilateral_leg_neuro_symptoms),
    SB_TRI(progressive_neuro_deficit),
    SB_TRI(fever_or_unwell),
    SB_TRI(unexplained_weight_loss),
    SB_TRI(history_of_cancer),
    SB_TRI(immunosuppressed),
    SB_TRI(diabetes),
    SB_TRI(hypercholesterolaemia),
    SB_TRI(inflammatory_arthritis),
    SB_NUM(bmi, 12, 70),
    SB_TRI(recent_fluoroquinolone),
    SB_TRI(local_steroid_injection_last_6_weeks),
    SB_TRI(psychosocial_flags),
    SB_NUM(prior_failed_loading_rehab_weeks, 0, 520),
    SB_INT(visit_number, 1, 200),
    SB_INT(previous_phase, 1, 4),
    SB_NUM(weeks_in_phase, 0, 104),
    SB_INT(exercise_pain_nrs, 0, 10),
    SB_ENUM(response_24h, Response24h, kResponseChoices),
    SB_ENUM(weekly_trend, WeeklyTrend, kTrendChoices),
    SB_NUM(strength_lsi_pct, 0, 150),
    SB_INT(hop_test_nrs, 0, 10),
    SB_INT(visa_h, 0, 100),
    SB_TRI(new_sexual_dysfunction),
    SB_TRI(major_motor_deficit),
    SB_TRI(focal_bony_tenderness),
    SB_TRI(pain_on_single_leg_hop),
    SB_TRI(low_energy_availability_risk),
    SB_TRI(full_return_to_target_activity),
    SB_ENUM(previous_diagnosis_likelihood, DiagnosisLikelihood, kDxChoices),
};
static_assert(sizeof(kFields) / sizeof(kFields[0]) == 71, "G1 has 71 input fields");

#undef SB_TRI
#undef SB_TEST
#undef SB_ENUM
#undef SB_INT
#undef SB_NUM

const FieldSpec* FindField(std::string_view name) {
  for (const FieldSpec& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string FormatBound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string Allowed(const FieldSpec& f) {
  std::string s;
  switch (f.kind) {
    case Kind::kTri:
    case Kind::kTest:
    case Kind::kEnum:
      s = "one of ";
      for (std::size_t i = 0; i < f.n_choices; ++i) {
        if (i) s += ", ";
        s += '"';
        s += f.choices[i].text;
        s += '"';
      }
      break;
    case Kind::kInt:
      s = "a whole number from " + FormatBound(f.lo) + " to " + FormatBound(f.hi) + " (inclusive)";
      break;
    case Kind::kNum:
      s = "a number from " + FormatBound(f.lo) + " to " + FormatBound(f.hi) + " (inclusive)";
      break;
  }
  return s + ", or null";
}

[[noreturn]] void Reject(const FieldSpec& f, const std::string& value, const char* problem) {
  throw std::invalid_argument("invalid input field '" + std::string(f.name) + "': value " +
                              value + " " + problem + "; allowed: " + Allowed(f));
}

std::string ListOfFields() {
  std::string s;
  for (const FieldSpec& f : kFields) {
    if (!s.empty()) s += ", ";
    s += f.name;
  }
  return s;
}

void ReadField(const FieldSpec& f, const json& v, PhtInput& in) {
  if (v.is_null()) return;  // null means absent: keep the default
  if (f.kind == Kind::kTri || f.kind == Kind::kTest || f.kind == Kind::kEnum) {
    if (!v.is_string()) Reject(f, v.dump(), "is not one of the listed values");
    const std::string& text = v.get_ref<const std::string&>();
    for (std::size_t i = 0; i < f.n_choices; ++i) {
      if (f.choices[i].text == text) {
        f.set_code(in, f.choices[i].code);
        return;
      }
    }
    Reject(f, v.dump(), "is not one of the listed values");
  }
  // int / num
  if (!v.is_number()) {
    Reject(f, v.dump(), v.is_boolean() ? "is a boolean, not a number" : "is not a number");
  }
  double d;
  if (v.is_number_unsigned()) {
    d = static_cast<double>(v.get<std::uint64_t>());
  } else if (v.is_number_integer()) {
    d = static_cast<double>(v.get<std::int64_t>());
  } else {
    d = v.get<double>();
    if (!std::isfinite(d)) Reject(f, v.dump(), "is not a finite number");
  }
  if (f.kind == Kind::kInt && std::trunc(d) != d) {
    Reject(f, v.dump(), "has a fractional part");
  }
  if (!(d >= f.lo && d <= f.hi)) Reject(f, v.dump(), "is out of range");
  in.*(f.number) = d + 0.0;  // + 0.0 turns -0.0 into 0.0
}

}  // namespace

PhtInput InputFromJson(const nlohmann::json& doc) {
  if (!doc.is_object()) {
    throw std::invalid_argument(std::string("invalid input: the document must be a JSON object, got ") +
                                doc.type_name() + " " + doc.dump());
  }
  PhtInput in;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const FieldSpec* f = FindField(it.key());
    if (f == nullptr) {
      throw std::invalid_argument("invalid input: unknown field '" + it.key() + "' (value " +
                                  it.value().dump() +
                                  "); allowed keys are the G1 input fields: " + ListOfFields());
    }
    ReadField(*f, it.value(), in);
  }
  return in;
}

PhtInput InputFromJsonText(std::string_view text) {
  std::string last_key;
  const json::parser_callback_t track_key = [&last_key](int depth, json::parse_event_t event,
                                                        json& parsed) {
    if (event == json::parse_event_t::key && depth == 1) last_key = parsed.get<std::string>();
    return true;
  };
  json doc;
  try {
    doc = json::parse(text.begin(), text.end(), track_key);
  } catch (const json::out_of_range& e) {
    // The parser refuses numbers it cannot represent (e.g. 1e400).
    std::string token = e.what();
    const std::size_t open = token.find('\'');
    const std::size_t close = token.rfind('\'');
    token = (open != std::string::npos && close > open) ? token.substr(open + 1, close - open - 1)
                                                        : std::string("?");
    const FieldSpec* f = FindField(last_key);
    if (f != nullptr) Reject(*f, token, "is too large to represent (out of range)");
    throw std::invalid_argument("invalid input: number " + token +
                                " is too large to represent" +
                                (last_key.empty() ? std::string()
                                                  : " (unknown field '" + last_key + "')"));
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("invalid input: not valid JSON: ") + e.what());
  }
  return InputFromJson(doc);
}

nlohmann::ordered_json OutputToJson(const PhtOutput& o) {
  using oj = nlohmann::ordered_json;
  auto opt_str = [](const std::optional<std::string>& s) -> oj {
    return s ? oj(*s) : oj(nullptr);
  };
  auto opt_int = [](const std::optional<int>& v) -> oj { return v ? oj(*v) : oj(nullptr); };
  auto list = [](const std::vector<std::string>& v) {
    oj a = oj::array();
    for (const std::string& s : v) a.push_back(s);
    return a;
  };

  oj j = oj::object();
  j["model_version"] = o.model_version;
  j["red_flag_level"] = o.red_flag_level;
  j["red_flag_screen_complete"] =
      o.red_flag_screen_complete ? oj(*o.red_flag_screen_complete) : oj(nullptr);
  oj refs = oj::array();
  for (const Referral& r : o.referrals) {
    oj x = oj::object();
    x["to"] = r.to;
    x["reason"] = r.reason;
    x["timeframe"] = r.timeframe;
    refs.push_back(std::move(x));
  }
  j["referrals"] = std::move(refs);
  j["pathway"] = o.pathway;
  j["lumbar_screen"] = opt_str(o.lumbar_screen);
  j["diagnosis_likelihood"] = opt_str(o.diagnosis_likelihood);
  j["differential_flags"] = list(o.differential_flags);
  j["stage"] = o.stage;
  j["stage_basis"] = opt_str(o.stage_basis);
  j["stage_confidence"] = opt_str(o.stage_confidence);
  j["chronicity"] = opt_str(o.chronicity);
  j["phase"] = opt_int(o.phase);
  j["phase_status"] = opt_str(o.phase_status);
  j["phase_action"] = opt_str(o.phase_action);
  j["min_weeks_per_phase"] = opt_int(o.min_weeks_per_phase);
  j["modifiers"] = list(o.modifiers);
  j["exercises"] = list(o.exercises);
  j["avoid"] = list(o.avoid);
  j["advice"] = list(o.advice);
  j["notes"] = list(o.notes);
  j["confidence"] = o.confidence;
  j["missing_data"] = list(o.missing_data);
  j["trace"] = list(o.trace);
  return j;
}

}  // namespace sitbone::reference
