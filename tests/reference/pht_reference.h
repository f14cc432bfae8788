// Hand-written reference implementation of the proximal hamstring tendinopathy
// decision model (knowledge base section G, model version 2).
//
// This is an independent oracle for the rule engine and its performance
// baseline: plain structs and if/else, no rule tables, no parsing. JSON
// conversion lives in pht_reference_json.h.
#ifndef SITBONE_TESTS_REFERENCE_PHT_REFERENCE_H_
#define SITBONE_TESTS_REFERENCE_PHT_REFERENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitbone::reference {

inline constexpr int kModelVersion = 2;

// Every numeric constant the rules use (registry G4). Member names equal the
// registry keys; defaults are the registry values.
struct Thresholds {
  double avulsion_signs_reliable_after_days = 7;
  double avulsion_late_days = 180;
  double young_apophysis_age_max = 25;
  double adolescent_apophysis_age_max = 18;
  double sudden_onset_phase1_cap_days = 42;
  double ls2_neural_signs_min = 1;
  double ls3_neural_signs_min = 2;
  double dx_bridge_positive_nrs = 2;
  double dx_sitting_positive_below_min = 30;
  double dx_min_positive_core = 3;
  double dx_unlikely_known_min = 3;
  double dx_unlikely_max_positive_if_not_localised = 1;
  double dx_indeterminate_known_below = 2;
  double dx_indeterminate_known_below_if_location_unknown = 3;
  double sij_cluster_positive_min = 3;
  double stage_core_known_min = 3;
  double stage_points_min = 2;
  double stage_confidence_high_points = 3;
  double stage_pain_reactive_min = 7;
  double stage_pain_settled_max = 3;
  double stage_sitting_reactive_below_min = 20;
  double stage_sitting_settled_min = 60;
  double acute_weeks = 6;
  double chronic_weeks = 12;
  double metabolic_bmi_min = 30;
  double failed_rehab_referral_weeks = 12;
  double min_weeks_per_phase = 2;
  double min_weeks_per_phase_with_modifier = 3;
  double progress_max_exercise_nrs = 3;
  double regress_min_exercise_nrs = 6;
  double ex1_short_bridge_max_nrs = 3;
  double ex2_long_bridge_max_nrs = 3;
  double ex2_lsi_min = 80;
  double ex3_lsi_min = 90;
  double ex3_hop_max_nrs = 3;
  double fasttrack_long_bridge_max_nrs = 2;
  double fasttrack_lsi_min = 80;
  double lumbar_cap_phase_ls2_ls3 = 2;

  // Sets the member named `key`. Returns false (and changes nothing) when
  // `key` is not a registry key.
  bool Set(std::string_view key, double value);
};

// Tri-state answer; kUnknown is the default and never counts as kNo.
enum class Tri : int8_t { kUnknown, kYes, kNo };
// Clinical test result.
enum class Test : int8_t { kUnknown, kPositive, kNegative };

enum class Sex : int8_t { kUnknown, kFemale, kMale, kOther };
enum class MenopausalStatus : int8_t { kUnknown, kPre, kPeri, kPost, kNotApplicable };
enum class MainActivity : int8_t {
  kUnknown,
  kRunning,
  kCycling,
  kFieldSport,
  kDance,
  kStrengthTraining,
  kWalking,
  kSedentary,
  kOther,
};
enum class Onset : int8_t { kUnknown, kGradual, kSuddenTraumatic };
enum class RunningStatus : int8_t {
  kUnknown,
  kNotRunning,
  kWalkRun,
  kRunningReduced,
  kRunningFull,
};
enum class Response24h : int8_t { kUnknown, kBaseline, kWorse };
enum class WeeklyTrend : int8_t { kUnknown, kImproving, kStable, kWorsening };
enum class DiagnosisLikelihood : int8_t {
  kUnknown,
  kLikely,
  kPossible,
  kIndeterminate,
  kUnlikely,
};

// One assessment (G1). Numbers are std::nullopt when not recorded; integer
// fields hold whole numbers once validated by InputFromJson.
struct PhtInput {
  std::optional<double> age_years;                        // 1
  Sex sex = Sex::kUnknown;                                // 2
  MenopausalStatus menopausal_status = MenopausalStatus::kUnknown;  // 3
  MainActivity main_activity = MainActivity::kUnknown;    // 4
  std::optional<double> daily_sitting_hours;              // 5
  std::optional<double> symptom_duration_weeks;           // 6
  Onset onset = Onset::kUnknown;                          // 7
  Tri mechanism_hip_flexion_knee_extension = Tri::kUnknown;  // 8
  Tri felt_pop_at_onset = Tri::kUnknown;                  // 9
  Tri posterior_thigh_bruising = Tri::kUnknown;           // 10
  Tri palpable_gap = Tri::kUnknown;                       // 11
  Tri marked_hamstring_weakness = Tri::kUnknown;          // 12
  std::optional<double> days_since_injury;                // 13
  Tri recent_load_spike = Tri::kUnknown;                  // 14
  Tri pain_localised_ischial = Tri::kUnknown;             // 15
  std::optional<double> pain_worst_24h_nrs;               // 16
  Tri rest_or_night_pain = Tri::kUnknown;                 // 17
  Tri night_pain_unrelated_to_load = Tri::kUnknown;       // 18
  std::optional<double> sitting_tolerance_min;            // 19
  Tri pain_with_daily_activities = Tri::kUnknown;         // 20
  Tri latent_flare_over_24h = Tri::kUnknown;              // 21
  Tri warm_up_effect = Tri::kUnknown;                     // 22
  RunningStatus running_status = RunningStatus::kUnknown; // 23
  Test ischial_palpation_tender = Test::kUnknown;         // 24
  std::optional<double> slb_short_lever_nrs;              // 25
  std::optional<double> slb_long_lever_nrs;               // 26
  Test arabesque_test = Test::kUnknown;                   // 27
  Test puranen_orava_test = Test::kUnknown;               // 28
  Test bent_knee_stretch_test = Test::kUnknown;           // 29
  Test modified_bent_knee_stretch_test = Test::kUnknown;  // 30
  Test seated_piriformis_stretch_test = Test::kUnknown;   // 31
  Test long_stride_walking_test = Test::kUnknown;         // 32
  std::optional<double> sij_cluster_positive_count;       // 33
  Tri low_back_pain = Tri::kUnknown;                      // 34
  Tri pain_below_knee = Tri::kUnknown;                    // 35
  Tri leg_paraesthesia = Tri::kUnknown;                   // 36
  Test slump_test = Test::kUnknown;                       // 37
  Test straight_leg_raise_test = Test::kUnknown;         // 38
  Tri neuro_deficit = Tri::kUnknown;                      // 39
  Tri saddle_anaesthesia = Tri::kUnknown;                 // 40
  Tri new_bladder_bowel_dysfunction = Tri::kUnknown;      // 41
  Tri bilateral_leg_neuro_symptoms = Tri::kUnknown;       // 42
  Tri progressive_neuro_deficit = Tri::kUnknown;          // 43
  Tri fever_or_unwell = Tri::kUnknown;                    // 44
  Tri unexplained_weight_loss = Tri::kUnknown;            // 45
  Tri history_of_cancer = Tri::kUnknown;                  // 46
  Tri immunosuppressed = Tri::kUnknown;                   // 47
  Tri diabetes = Tri::kUnknown;                           // 48
  Tri hypercholesterolaemia = Tri::kUnknown;              // 49
  Tri inflammatory_arthritis = Tri::kUnknown;             // 50
  std::optional<double> bmi;                              // 51
  Tri recent_fluoroquinolone = Tri::kUnknown;             // 52
  Tri local_steroid_injection_last_6_weeks = Tri::kUnknown;  // 53
  Tri psychosocial_flags = Tri::kUnknown;                 // 54
  std::optional<double> prior_failed_loading_rehab_weeks; // 55
  std::optional<double> visit_number = 1.0;               // 56 (nullopt reads as 1)
  std::optional<double> previous_phase;                   // 57
  std::optional<double> weeks_in_phase;                   // 58
  std::optional<double> exercise_pain_nrs;                // 59
  Response24h response_24h = Response24h::kUnknown;       // 60
  WeeklyTrend weekly_trend = WeeklyTrend::kUnknown;       // 61
  std::optional<double> strength_lsi_pct;                 // 62
  std::optional<double> hop_test_nrs;                     // 63
  std::optional<double> visa_h;                           // 64
  Tri new_sexual_dysfunction = Tri::kUnknown;             // 65
  Tri major_motor_deficit = Tri::kUnknown;                // 66
  Tri focal_bony_tenderness = Tri::kUnknown;              // 67
  Tri pain_on_single_leg_hop = Tri::kUnknown;             // 68
  Tri low_energy_availability_risk = Tri::kUnknown;       // 69
  Tri full_return_to_target_activity = Tri::kUnknown;     // 70
  DiagnosisLikelihood previous_diagnosis_likelihood = DiagnosisLikelihood::kUnknown;  // 71
};

struct Referral {
  std::string to;
  std::string reason;
  std::string timeframe;

  friend bool operator==(const Referral& a, const Referral& b) {
    return a.to == b.to && a.reason == b.reason && a.timeframe == b.timeframe;
  }
  friend bool operator!=(const Referral& a, const Referral& b) { return !(a == b); }
};

// One evaluation result (G3). Strings hold the exact G3 vocabulary; an empty
// optional is written as JSON null.
struct PhtOutput {
  int model_version = kModelVersion;
  std::string red_flag_level = "none";
  std::optional<bool> red_flag_screen_complete;
  std::vector<Referral> referrals;
  std::string pathway;
  std::optional<std::string> lumbar_screen;
  std::optional<std::string> diagnosis_likelihood;
  std::vector<std::string> differential_flags;
  std::string stage = "not_staged";
  std::optional<std::string> stage_basis;
  std::optional<std::string> stage_confidence;
  std::optional<std::string> chronicity;
  std::optional<int> phase;
  std::optional<std::string> phase_status;
  std::optional<std::string> phase_action;
  std::optional<int> min_weeks_per_phase;
  std::vector<std::string> modifiers;
  std::vector<std::string> exercises;
  std::vector<std::string> avoid;
  std::vector<std::string> advice;
  std::vector<std::string> notes;
  std::string confidence;
  std::vector<std::string> missing_data;  // sorted, de-duplicated
  std::vector<std::string> trace;         // rule ids in G2.9 order
};

// Evaluates steps 1-8 of the model. The input is assumed to be valid (V0 is
// done by InputFromJson); out-of-range numbers are not re-checked here.
PhtOutput EvaluatePht(const PhtInput& input, const Thresholds& thresholds = {});

}  // namespace sitbone::reference

#endif  // SITBONE_TESTS_REFERENCE_PHT_REFERENCE_H_
