#include "pht_reference.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace sitbone::reference {

bool Thresholds::Set(std::string_view key, double value) {
  struct Entry {
    std::string_view key;
    double Thresholds::*member;
  };
  static constexpr Entry kEntries[] = {
      {"avulsion_signs_reliable_after_days", &Thresholds::avulsion_signs_reliable_after_days},
      {"avulsion_late_days", &Thresholds::avulsion_late_days},
      {"young_apophysis_age_max", &Thresholds::young_apophysis_age_max},
      {"adolescent_apophysis_age_max", &Thresholds::adolescent_apophysis_age_max},
      {"sudden_onset_phase1_cap_days", &Thresholds::sudden_onset_phase1_cap_days},
      {"ls2_neural_signs_min", &Thresholds::ls2_neural_signs_min},
      {"ls3_neural_signs_min", &Thresholds::ls3_neural_signs_min},
      {"dx_bridge_positive_nrs", &Thresholds::dx_bridge_positive_nrs},
      {"dx_sitting_positive_below_min", &Thresholds::dx_sitting_positive_below_min},
      {"dx_min_positive_core", &Thresholds::dx_min_positive_core},
      {"dx_unlikely_known_min", &Thresholds::dx_unlikely_known_min},
      {"dx_unlikely_max_positive_if_not_localised",
       &Thresholds::dx_unlikely_max_positive_if_not_localised},
      {"dx_indeterminate_known_below", &Thresholds::dx_indeterminate_known_below},
      {"dx_indeterminate_known_below_if_location_unknown",
       &Thresholds::dx_indeterminate_known_below_if_location_unknown},
      {"sij_cluster_positive_min", &Thresholds::sij_cluster_positive_min},
      {"stage_core_known_min", &Thresholds::stage_core_known_min},
      {"stage_points_min", &Thresholds::stage_points_min},
      {"stage_confidence_high_points", &Thresholds::stage_confidence_high_points},
      {"stage_pain_reactive_min", &Thresholds::stage_pain_reactive_min},
      {"stage_pain_settled_max", &Thresholds::stage_pain_settled_max},
      {"stage_sitting_reactive_below_min", &Thresholds::stage_sitting_reactive_below_min},
      {"stage_sitting_settled_min", &Thresholds::stage_sitting_settled_min},
      {"acute_weeks", &Thresholds::acute_weeks},
      {"chronic_weeks", &Thresholds::chronic_weeks},
      {"metabolic_bmi_min", &Thresholds::metabolic_bmi_min},
      {"failed_rehab_referral_weeks", &Thresholds::failed_rehab_referral_weeks},
      {"min_weeks_per_phase", &Thresholds::min_weeks_per_phase},
      {"min_weeks_per_phase_with_modifier", &Thresholds::min_weeks_per_phase_with_modifier},
      {"progress_max_exercise_nrs", &Thresholds::progress_max_exercise_nrs},
      {"regress_min_exercise_nrs", &Thresholds::regress_min_exercise_nrs},
      {"ex1_short_bridge_max_nrs", &Thresholds::ex1_short_bridge_max_nrs},
      {"ex2_long_bridge_max_nrs", &Thresholds::ex2_long_bridge_max_nrs},
      {"ex2_lsi_min", &Thresholds::ex2_lsi_min},
      {"ex3_lsi_min", &Thresholds::ex3_lsi_min},
      {"ex3_hop_max_nrs", &Thresholds::ex3_hop_max_nrs},
      {"fasttrack_long_bridge_max_nrs", &Thresholds::fasttrack_long_bridge_max_nrs},
      {"fasttrack_lsi_min", &Thresholds::fasttrack_lsi_min},
      {"lumbar_cap_phase_ls2_ls3", &Thresholds::lumbar_cap_phase_ls2_ls3},
  };
  static_assert(sizeof(kEntries) / sizeof(kEntries[0]) == 38, "G4 has 38 keys");
  for (const Entry& e : kEntries) {
    if (e.key == key) {
      this->*(e.member) = value;
      return true;
    }
  }
  return false;
}

namespace {

// ---------------------------------------------------------------------------
// missing_data: every name a rule can add, listed in ascending byte order so
// that a bit set can be emitted already sorted and de-duplicated.
enum Miss : int {
  kMArabesqueTest,
  kMBilateralLegNeuroSymptoms,
  kMDaysSinceInjury,
  kMExercisePainNrs,
  kMFeltPopAtOnset,
  kMFeverOrUnwell,
  kMFullReturnToTargetActivity,
  kMHistoryOfCancer,
  kMHopTestNrs,
  kMImmunosuppressed,
  kMLatentFlareOver24h,
  kMLegParaesthesia,
  kMLowBackPain,
  kMMajorMotorDeficit,
  kMMarkedHamstringWeakness,
  kMMechanismHipFlexionKneeExtension,
  kMStretchComposite,
  kMNeuroDeficit,
  kMNewBladderBowelDysfunction,
  kMNewSexualDysfunction,
  kMNightPainUnrelatedToLoad,
  kMOnset,
  kMPainBelowKnee,
  kMPainLocalisedIschial,
  kMPainWithDailyActivities,
  kMPainWorst24hNrs,
  kMPalpableGap,
  kMPosteriorThighBruising,
  kMPreviousDiagnosisLikelihood,
  kMProgressiveNeuroDeficit,
  kMRecentLoadSpike,
  kMResponse24h,
  kMRestOrNightPain,
  kMSaddleAnaesthesia,
  kMSittingToleranceMin,
  kMSlbLongLeverNrs,
  kMSlbShortLeverNrs,
  kMBridgeComposite,
  kMSlumpTest,
  kMStraightLegRaiseTest,
  kMStrengthLsiPct,
  kMSymptomDurationWeeks,
  kMUnexplainedWeightLoss,
  kMWarmUpEffect,
  kMWeeklyTrend,
  kMWeeksInPhase,
  kMissCount,
};

constexpr std::string_view kMissNames[kMissCount] = {
    "arabesque_test",
    "bilateral_leg_neuro_symptoms",
    "days_since_injury",
    "exercise_pain_nrs",
    "felt_pop_at_onset",
    "fever_or_unwell",
    "full_return_to_target_activity",
    "history_of_cancer",
    "hop_test_nrs",
    "immunosuppressed",
    "latent_flare_over_24h",
    "leg_paraesthesia",
    "low_back_pain",
    "major_motor_deficit",
    "marked_hamstring_weakness",
    "mechanism_hip_flexion_knee_extension",
    "modified_bent_knee_stretch_test|bent_knee_stretch_test|puranen_orava_test",
    "neuro_deficit",
    "new_bladder_bowel_dysfunction",
    "new_sexual_dysfunction",
    "night_pain_unrelated_to_load",
    "onset",
    "pain_below_knee",
    "pain_localised_ischial",
    "pain_with_daily_activities",
    "pain_worst_24h_nrs",
    "palpable_gap",
    "posterior_thigh_bruising",
    "previous_diagnosis_likelihood",
    "progressive_neuro_deficit",
    "recent_load_spike",
    "response_24h",
    "rest_or_night_pain",
    "saddle_anaesthesia",
    "sitting_tolerance_min",
    "slb_long_lever_nrs",
    "slb_short_lever_nrs",
    "slb_short_lever_nrs|slb_long_lever_nrs",
    "slump_test",
    "straight_leg_raise_test",
    "strength_lsi_pct",
    "symptom_duration_weeks",
    "unexplained_weight_loss",
    "warm_up_effect",
    "weekly_trend",
    "weeks_in_phase",
};

constexpr bool MissNamesSorted() {
  for (int i = 1; i < kMissCount; ++i) {
    if (!(kMissNames[i - 1] < kMissNames[i])) return false;
  }
  return true;
}
static_assert(MissNamesSorted(), "kMissNames must be in ascending byte order");
static_assert(kMissCount <= 64, "missing-data set must fit one 64-bit mask");

class MissingSet {
 public:
  void Add(Miss m) { bits_ |= std::uint64_t{1} << m; }
  void AddIfUnknown(Tri v, Miss m) {
    if (v == Tri::kUnknown) Add(m);
  }
  void AddIfUnknown(Test v, Miss m) {
    if (v == Test::kUnknown) Add(m);
  }
  void AddIfNull(const std::optional<double>& v, Miss m) {
    if (!v) Add(m);
  }
  bool empty() const { return bits_ == 0; }
  void WriteTo(std::vector<std::string>& out) const {
    std::size_t count = 0;
    for (std::uint64_t b = bits_; b != 0; b &= b - 1) ++count;
    out.reserve(count);
    for (int i = 0; i < kMissCount; ++i) {
      if (bits_ & (std::uint64_t{1} << i)) out.emplace_back(kMissNames[i]);
    }
  }

 private:
  std::uint64_t bits_ = 0;
};

// ---------------------------------------------------------------------------
// Small helpers. A comparison with a null number is false.
inline bool Yes(Tri v) { return v == Tri::kYes; }
inline bool No(Tri v) { return v == Tri::kNo; }
inline bool Known(Tri v) { return v != Tri::kUnknown; }
inline bool Positive(Test v) { return v == Test::kPositive; }

inline bool Ge(const std::optional<double>& v, double t) { return v && *v >= t; }
inline bool Le(const std::optional<double>& v, double t) { return v && *v <= t; }

enum Level : int { kLevelNone, kLevelSoon, kLevelUrgent, kLevelEmergency };
constexpr const char* kLevelNames[] = {"none", "soon", "urgent", "emergency"};

enum class Ls : int8_t { kLS1a, kLS1b, kLS2, kLS3, kLS5, kLS4, kLS6, kLS7 };
enum class Dx : int8_t { kLikely, kPossible, kUnlikely, kIndeterminate, kCarriedForward };
enum class Stage : int8_t { kNotStaged, kReactive, kSettled, kIndeterminate };
enum class StageConf : int8_t { kNone, kHigh, kModerate, kLow };

void AddReferral(PhtOutput& out, const char* to, const char* reason, const char* timeframe) {
  out.referrals.push_back(Referral{to, reason, timeframe});
}

// Exit criterion of the phase being left (EX1-EX4).
bool ExitMet(int phase, const PhtInput& in, const Thresholds& t) {
  switch (phase) {
    case 1:
      return Le(in.slb_short_lever_nrs, t.ex1_short_bridge_max_nrs) && No(in.rest_or_night_pain);
    case 2:
      return Le(in.slb_long_lever_nrs, t.ex2_long_bridge_max_nrs) &&
             Ge(in.strength_lsi_pct, t.ex2_lsi_min) && No(in.rest_or_night_pain);
    case 3:
      return Ge(in.strength_lsi_pct, t.ex3_lsi_min) && Le(in.hop_test_nrs, t.ex3_hop_max_nrs) &&
             No(in.rest_or_night_pain);
    case 4:
      return in.running_status == RunningStatus::kRunningFull ||
             Yes(in.full_return_to_target_activity);
    default:
      return false;
  }
}

void AddExitMissing(int phase, const PhtInput& in, MissingSet& missing) {
  switch (phase) {
    case 1:
      missing.AddIfNull(in.slb_short_lever_nrs, kMSlbShortLeverNrs);
      missing.AddIfUnknown(in.rest_or_night_pain, kMRestOrNightPain);
      break;
    case 2:
      missing.AddIfNull(in.slb_long_lever_nrs, kMSlbLongLeverNrs);
      missing.AddIfNull(in.strength_lsi_pct, kMStrengthLsiPct);
      missing.AddIfUnknown(in.rest_or_night_pain, kMRestOrNightPain);
      break;
    case 3:
      missing.AddIfNull(in.strength_lsi_pct, kMStrengthLsiPct);
      missing.AddIfNull(in.hop_test_nrs, kMHopTestNrs);
      missing.AddIfUnknown(in.rest_or_night_pain, kMRestOrNightPain);
      break;
    case 4:
      if (in.full_return_to_target_activity == Tri::kUnknown &&
          in.running_status != RunningStatus::kRunningFull) {
        missing.Add(kMFullReturnToTargetActivity);
      }
      break;
    default:
      break;
  }
}

}  // namespace

PhtOutput EvaluatePht(const PhtInput& in, const Thresholds& t) {
  PhtOutput out;
  out.trace.reserve(16);
  MissingSet missing;
  int level = kLevelNone;
  auto raise = [&level](int l) { level = std::max(level, l); };

  // ---- Step 1: red-flag screen --------------------------------------------
  if (Yes(in.saddle_anaesthesia) || Yes(in.new_bladder_bowel_dysfunction) ||
      Yes(in.bilateral_leg_neuro_symptoms) || Yes(in.progressive_neuro_deficit) ||
      Yes(in.new_sexual_dysfunction)) {
    // RF1: emergency; nothing else runs, the screen is not evaluated.
    out.red_flag_level = kLevelNames[kLevelEmergency];
    out.red_flag_screen_complete = std::nullopt;
    AddReferral(out, "emergency_department_or_on_call_spinal_team",
                "suspected_cauda_equina_or_progressive_neuro_deficit", "immediate");
    out.pathway = "stop_emergency";
    out.stage = "not_staged";
    out.confidence = "high";
    out.trace.emplace_back("RF1");
    out.trace.emplace_back("CF0");
    return out;
  }

  const bool initial_visit = !Ge(in.visit_number, 2) || !in.previous_phase;
  const bool follow_up = !initial_visit;

  // RF2: suspected avulsion.
  const bool any_sign_yes = Yes(in.posterior_thigh_bruising) || Yes(in.palpable_gap) ||
                            Yes(in.marked_hamstring_weakness);
  const bool all_signs_no = No(in.posterior_thigh_bruising) && No(in.palpable_gap) &&
                            No(in.marked_hamstring_weakness);
  const bool sudden = in.onset == Onset::kSuddenTraumatic;
  const bool rf2_a = Yes(in.palpable_gap);
  const bool rf2_b = (sudden || in.onset == Onset::kUnknown) && any_sign_yes;
  const bool rf2_c =
      sudden && (!No(in.felt_pop_at_onset) || !No(in.mechanism_hip_flexion_knee_extension)) &&
      !(all_signs_no && Ge(in.days_since_injury, t.avulsion_signs_reliable_after_days));
  const bool rf2 = rf2_a || rf2_b || rf2_c;
  bool rf2c = false;
  if (rf2) {
    if (!in.days_since_injury || *in.days_since_injury <= t.avulsion_late_days) {
      raise(kLevelUrgent);
      AddReferral(out, "orthopaedic_or_sports_medicine_physician_with_MRI",
                  "suspected_proximal_hamstring_avulsion", "urgent_within_1_week");
      out.trace.emplace_back("RF2a");
    } else {
      raise(kLevelSoon);
      AddReferral(out, "orthopaedic_or_sports_medicine_physician_with_MRI",
                  "suspected_chronic_proximal_hamstring_avulsion", "soon_within_2_to_4_weeks");
      out.trace.emplace_back("RF2b");
    }
    if (!in.age_years || *in.age_years <= t.young_apophysis_age_max) {
      rf2c = true;
      out.trace.emplace_back("RF2c");
    }
  }

  // RF3a-RF3d are independent and accumulate.
  const bool rf3a = Yes(in.fever_or_unwell);
  if (rf3a) {
    raise(kLevelUrgent);
    AddReferral(out, "medical_doctor", "fever_or_systemically_unwell_possible_infection",
                "same_day");
    out.trace.emplace_back("RF3a");
  }
  const bool rf3b =
      (Yes(in.history_of_cancer) &&
       (Yes(in.unexplained_weight_loss) || Yes(in.night_pain_unrelated_to_load))) ||
      (Yes(in.unexplained_weight_loss) && Yes(in.night_pain_unrelated_to_load));
  if (rf3b) {
    raise(kLevelUrgent);
    AddReferral(out, "medical_doctor", "possible_serious_pathology_eg_malignancy",
                "urgent_within_1_week");
    out.trace.emplace_back("RF3b");
  }
  const bool rf3c = Yes(in.immunosuppressed) &&
                    (Yes(in.night_pain_unrelated_to_load) || Yes(in.unexplained_weight_loss) ||
                     Yes(in.history_of_cancer));
  if (rf3c) {
    raise(kLevelUrgent);
    AddReferral(out, "medical_doctor",
                "immunosuppressed_with_systemic_flag_possible_infection_or_malignancy",
                No(in.fever_or_unwell) ? "urgent_within_1_week" : "same_or_next_day");
    out.trace.emplace_back("RF3c");
  }
  const bool rf3d =
      (Yes(in.focal_bony_tenderness) &&
       !(No(in.pain_on_single_leg_hop) && No(in.low_energy_availability_risk))) ||
      (Yes(in.pain_on_single_leg_hop) && Yes(in.low_energy_availability_risk));
  if (rf3d) {
    raise(kLevelUrgent);
    AddReferral(out, "sports_medicine_physician_or_gp_with_imaging",
                "suspected_bone_stress_injury", "urgent_within_1_week");
    out.trace.emplace_back("RF3d");
  }
  if (!rf3a && !rf3b && !rf3c &&
      (Yes(in.history_of_cancer) || Yes(in.unexplained_weight_loss) ||
       Yes(in.night_pain_unrelated_to_load) || Yes(in.immunosuppressed))) {
    raise(kLevelSoon);
    AddReferral(out, "general_practitioner", "single_systemic_red_flag_needs_medical_review",
                "soon_within_2_weeks");
    out.trace.emplace_back("RF4");
  }

  // RF5: completeness of the screen.
  {
    const bool ces_exempt =
        No(in.low_back_pain) && No(in.pain_below_knee) && No(in.leg_paraesthesia);
    if (!ces_exempt) {
      missing.AddIfUnknown(in.saddle_anaesthesia, kMSaddleAnaesthesia);
      missing.AddIfUnknown(in.new_bladder_bowel_dysfunction, kMNewBladderBowelDysfunction);
      missing.AddIfUnknown(in.bilateral_leg_neuro_symptoms, kMBilateralLegNeuroSymptoms);
      missing.AddIfUnknown(in.progressive_neuro_deficit, kMProgressiveNeuroDeficit);
      missing.AddIfUnknown(in.new_sexual_dysfunction, kMNewSexualDysfunction);
    }
    missing.AddIfUnknown(in.fever_or_unwell, kMFeverOrUnwell);
    missing.AddIfUnknown(in.unexplained_weight_loss, kMUnexplainedWeightLoss);
    missing.AddIfUnknown(in.history_of_cancer, kMHistoryOfCancer);
    missing.AddIfUnknown(in.night_pain_unrelated_to_load, kMNightPainUnrelatedToLoad);
    missing.AddIfUnknown(in.immunosuppressed, kMImmunosuppressed);
    if (sudden) {
      missing.AddIfUnknown(in.felt_pop_at_onset, kMFeltPopAtOnset);
      missing.AddIfUnknown(in.mechanism_hip_flexion_knee_extension,
                           kMMechanismHipFlexionKneeExtension);
      missing.AddIfUnknown(in.posterior_thigh_bruising, kMPosteriorThighBruising);
      missing.AddIfUnknown(in.palpable_gap, kMPalpableGap);
      missing.AddIfUnknown(in.marked_hamstring_weakness, kMMarkedHamstringWeakness);
      missing.AddIfNull(in.days_since_injury, kMDaysSinceInjury);
    } else if (in.onset == Onset::kUnknown) {
      missing.Add(kMOnset);
      missing.AddIfUnknown(in.posterior_thigh_bruising, kMPosteriorThighBruising);
      missing.AddIfUnknown(in.palpable_gap, kMPalpableGap);
      missing.AddIfUnknown(in.marked_hamstring_weakness, kMMarkedHamstringWeakness);
    }
  }
  // Only RF5 items have been added so far, so a non-empty set means incomplete.
  const bool screen_complete = missing.empty();
  out.red_flag_screen_complete = screen_complete;
  if (!screen_complete) out.trace.emplace_back("RF5");

  if (rf2c) out.notes.emplace_back("consider_ischial_apophyseal_avulsion_plain_xray");

  if (rf2 || rf3a || rf3b || rf3c || rf3d) {
    // Stop after step 1 (CF0).
    out.red_flag_level = kLevelNames[level];
    out.pathway = "refer_first";
    out.stage = "not_staged";
    out.confidence = "high";
    out.trace.emplace_back("CF0");
    missing.WriteTo(out.missing_data);
    return out;
  }

  // ---- Step 2: lumbar / neural screen -------------------------------------
  const int neural_signs = (Yes(in.pain_below_knee) ? 1 : 0) + (Yes(in.leg_paraesthesia) ? 1 : 0) +
                           (Positive(in.slump_test) ? 1 : 0) +
                           (Positive(in.straight_leg_raise_test) ? 1 : 0);
  Ls ls;
  const bool deficit = Yes(in.neuro_deficit) || Yes(in.major_motor_deficit);
  if (deficit && No(in.major_motor_deficit)) {
    ls = Ls::kLS1a;
    out.lumbar_screen = "radiculopathy_with_deficit";
    raise(kLevelSoon);
    AddReferral(out, "medical_or_spinal_assessment", "radicular_signs_with_neurological_deficit",
                "soon_within_2_weeks");
    out.trace.emplace_back("LS1a");
  } else if (deficit) {
    ls = Ls::kLS1b;
    out.lumbar_screen = "radiculopathy_with_deficit";
    raise(kLevelUrgent);
    AddReferral(out, "medical_or_spinal_assessment", "major_or_ungraded_motor_deficit",
                "urgent_within_1_week");
    missing.AddIfUnknown(in.major_motor_deficit, kMMajorMotorDeficit);
    out.trace.emplace_back("LS1b");
  } else if (Yes(in.low_back_pain) && neural_signs >= t.ls2_neural_signs_min) {
    ls = Ls::kLS2;
    out.lumbar_screen = "positive";
    AddReferral(out, "spinal_assessment_physio_or_physician",
                "lumbar_or_neural_contribution_assess_and_treat_first", "routine");
    missing.AddIfUnknown(in.neuro_deficit, kMNeuroDeficit);
    out.trace.emplace_back("LS2");
  } else if (neural_signs >= t.ls3_neural_signs_min) {
    ls = Ls::kLS3;
    out.lumbar_screen = "positive_neural_without_back_pain";
    AddReferral(out, "spinal_assessment_physio_or_physician",
                "sciatic_nerve_or_lumbar_contribution", "routine");
    missing.AddIfUnknown(in.neuro_deficit, kMNeuroDeficit);
    missing.AddIfUnknown(in.low_back_pain, kMLowBackPain);
    out.trace.emplace_back("LS3");
  } else if (!Known(in.low_back_pain) && !Known(in.pain_below_knee) &&
             !Known(in.leg_paraesthesia) && in.slump_test == Test::kUnknown &&
             in.straight_leg_raise_test == Test::kUnknown && !Known(in.neuro_deficit)) {
    ls = Ls::kLS5;
    out.lumbar_screen = "not_screened";
    missing.Add(kMLowBackPain);
    missing.Add(kMPainBelowKnee);
    missing.Add(kMLegParaesthesia);
    missing.Add(kMSlumpTest);
    missing.Add(kMStraightLegRaiseTest);
    out.trace.emplace_back("LS5");
    // G writes "= 1"; ">= 1" is identical at the default thresholds and keeps
    // a sign from reading as a negative screen when ls3_neural_signs_min is raised.
  } else if (neural_signs >= 1) {
    ls = Ls::kLS4;
    out.lumbar_screen = "equivocal";
    missing.AddIfUnknown(in.low_back_pain, kMLowBackPain);
    out.trace.emplace_back("LS4");
  } else if (Known(in.low_back_pain) && Known(in.pain_below_knee) && Known(in.leg_paraesthesia)) {
    ls = Ls::kLS6;
    out.lumbar_screen = "negative";
    out.trace.emplace_back("LS6");
  } else {
    ls = Ls::kLS7;
    out.lumbar_screen = "incomplete";
    missing.AddIfUnknown(in.low_back_pain, kMLowBackPain);
    missing.AddIfUnknown(in.pain_below_knee, kMPainBelowKnee);
    missing.AddIfUnknown(in.leg_paraesthesia, kMLegParaesthesia);
    out.trace.emplace_back("LS7");
  }
  const bool ls1 = ls == Ls::kLS1a || ls == Ls::kLS1b;
  const bool lumbar_rule = ls1 || ls == Ls::kLS2 || ls == Ls::kLS3;

  // ---- Step 3: diagnosis likelihood ---------------------------------------
  Dx dx;
  const bool dx0 = follow_up &&
                   (in.previous_diagnosis_likelihood == DiagnosisLikelihood::kLikely ||
                    in.previous_diagnosis_likelihood == DiagnosisLikelihood::kPossible);
  bool dx5a = false;
  if (dx0) {
    dx = Dx::kCarriedForward;
    out.trace.emplace_back("DX0");
  } else {
    if (follow_up && in.previous_diagnosis_likelihood == DiagnosisLikelihood::kUnknown) {
      missing.Add(kMPreviousDiagnosisLikelihood);
    }
    int pos = 0;
    int known = 0;
    // Arabesque.
    if (in.arabesque_test == Test::kUnknown) {
      missing.Add(kMArabesqueTest);
    } else {
      ++known;
      if (Positive(in.arabesque_test)) ++pos;
    }
    // Bridge status: the larger known single-leg-bridge pain.
    if (!in.slb_short_lever_nrs && !in.slb_long_lever_nrs) {
      missing.Add(kMBridgeComposite);
    } else {
      ++known;
      double worst = in.slb_short_lever_nrs ? *in.slb_short_lever_nrs : *in.slb_long_lever_nrs;
      if (in.slb_long_lever_nrs) worst = std::max(worst, *in.slb_long_lever_nrs);
      if (worst >= t.dx_bridge_positive_nrs) ++pos;
    }
    // Sitting criterion.
    if (!in.sitting_tolerance_min) {
      missing.Add(kMSittingToleranceMin);
    } else {
      ++known;
      if (*in.sitting_tolerance_min < t.dx_sitting_positive_below_min) ++pos;
    }
    // Stretch status: MBK, then BK, then PO.
    Test stretch = in.modified_bent_knee_stretch_test;
    if (stretch == Test::kUnknown) stretch = in.bent_knee_stretch_test;
    if (stretch == Test::kUnknown) stretch = in.puranen_orava_test;
    if (stretch == Test::kUnknown) {
      missing.Add(kMStretchComposite);
    } else {
      ++known;
      if (Positive(stretch)) ++pos;
    }
    missing.AddIfUnknown(in.pain_localised_ischial, kMPainLocalisedIschial);

    if (Yes(in.pain_localised_ischial) && pos >= t.dx_min_positive_core) {
      dx = Dx::kLikely;
      out.trace.emplace_back("DX1");
    } else if (known >= t.dx_unlikely_known_min &&
               (pos == 0 || (No(in.pain_localised_ischial) &&
                             pos <= t.dx_unlikely_max_positive_if_not_localised))) {
      dx = Dx::kUnlikely;
      out.trace.emplace_back("DX2");
    } else if (known < t.dx_indeterminate_known_below ||
               (in.pain_localised_ischial == Tri::kUnknown &&
                known < t.dx_indeterminate_known_below_if_location_unknown)) {
      dx = Dx::kIndeterminate;
      out.trace.emplace_back("DX3");
    } else {
      dx = Dx::kPossible;
      out.trace.emplace_back("DX4");
    }
    if (sudden && No(in.pain_localised_ischial)) {
      dx5a = true;
      dx = Dx::kUnlikely;
      out.differential_flags.emplace_back("acute_hamstring_muscle_strain_possible");
      out.trace.emplace_back("DX5a");
    }
  }
  if (sudden && !dx5a) {
    out.differential_flags.emplace_back("acute_onset_consider_tear_imaging_if_not_improving");
    if (dx == Dx::kLikely) dx = Dx::kPossible;
    out.trace.emplace_back("DX5b");
  }
  // DX6: differential flags (every visit).
  {
    const std::size_t before = out.differential_flags.size();
    if (Positive(in.seated_piriformis_stretch_test)) {
      out.differential_flags.emplace_back("deep_gluteal_syndrome_possible");
    }
    if (Positive(in.long_stride_walking_test)) {
      out.differential_flags.emplace_back("ischiofemoral_impingement_possible");
    }
    if (Ge(in.sij_cluster_positive_count, t.sij_cluster_positive_min)) {
      out.differential_flags.emplace_back("sij_pain_possible");
    }
    if (Yes(in.inflammatory_arthritis)) {
      out.differential_flags.emplace_back("inflammatory_enthesitis_possible");
    }
    if (Le(in.age_years, t.adolescent_apophysis_age_max)) {
      out.differential_flags.emplace_back("ischial_apophyseal_injury_possible");
    }
    if (Yes(in.focal_bony_tenderness) || Yes(in.low_energy_availability_risk)) {
      out.differential_flags.emplace_back("bone_stress_injury_possible");
    }
    if (out.differential_flags.size() > before) out.trace.emplace_back("DX6");
  }
  switch (dx) {
    case Dx::kLikely: out.diagnosis_likelihood = "likely"; break;
    case Dx::kPossible: out.diagnosis_likelihood = "possible"; break;
    case Dx::kUnlikely: out.diagnosis_likelihood = "unlikely"; break;
    case Dx::kIndeterminate: out.diagnosis_likelihood = "indeterminate"; break;
    case Dx::kCarriedForward: out.diagnosis_likelihood = "carried_forward"; break;
  }

  // ---- Step 4: staging -----------------------------------------------------
  Stage stage = Stage::kNotStaged;
  StageConf stage_conf = StageConf::kNone;
  if (dx != Dx::kUnlikely) {
    int r = 0;
    int s = 0;
    int core_known = 0;
    // Core domain 1: worst pain.
    if (!in.pain_worst_24h_nrs) {
      missing.Add(kMPainWorst24hNrs);
    } else {
      ++core_known;
      if (*in.pain_worst_24h_nrs >= t.stage_pain_reactive_min) {
        ++r;
      } else if (*in.pain_worst_24h_nrs <= t.stage_pain_settled_max) {
        ++s;
      }
    }
    // Core domain 2: rest or night pain.
    if (in.rest_or_night_pain == Tri::kUnknown) {
      missing.Add(kMRestOrNightPain);
    } else {
      ++core_known;
      if (Yes(in.rest_or_night_pain)) ++r; else ++s;
    }
    // Core domain 3: sitting tolerance.
    if (!in.sitting_tolerance_min) {
      missing.Add(kMSittingToleranceMin);
    } else {
      ++core_known;
      if (*in.sitting_tolerance_min < t.stage_sitting_reactive_below_min) {
        ++r;
      } else if (*in.sitting_tolerance_min >= t.stage_sitting_settled_min) {
        ++s;
      }
    }
    // Core domain 4: daily activities.
    if (in.pain_with_daily_activities == Tri::kUnknown) {
      missing.Add(kMPainWithDailyActivities);
    } else {
      ++core_known;
      if (Yes(in.pain_with_daily_activities)) ++r; else ++s;
    }
    // Core domain 5: latent flare.
    if (in.latent_flare_over_24h == Tri::kUnknown) {
      missing.Add(kMLatentFlareOver24h);
    } else {
      ++core_known;
      if (Yes(in.latent_flare_over_24h)) ++r; else ++s;
    }
    // Domain 6: warm-up effect (settled sign only).
    if (in.warm_up_effect == Tri::kUnknown) {
      missing.Add(kMWarmUpEffect);
    } else if (Yes(in.warm_up_effect)) {
      ++s;
    }
    // Domain 7: recent load spike (reactive sign only).
    if (in.recent_load_spike == Tri::kUnknown) {
      missing.Add(kMRecentLoadSpike);
    } else if (Yes(in.recent_load_spike)) {
      ++r;
    }

    const double p = t.stage_points_min;
    const double h = t.stage_confidence_high_points;
    if (core_known < t.stage_core_known_min) {
      stage = Stage::kIndeterminate;
      out.stage_basis = "insufficient_data";
      stage_conf = StageConf::kLow;
      out.trace.emplace_back("ST1");
    } else if (r >= p && s >= p) {
      stage = Stage::kIndeterminate;
      out.stage_basis = "conflicting";
      stage_conf = StageConf::kLow;
      out.trace.emplace_back("ST2");
    } else if (r >= p) {
      stage = Stage::kReactive;
      out.stage_basis = "reactive_features";
      stage_conf = r >= h ? StageConf::kHigh : StageConf::kModerate;
      out.trace.emplace_back("ST3");
    } else if (s >= p) {
      stage = Stage::kSettled;
      out.stage_basis = "settled_features";
      stage_conf = (s >= h && r == 0) ? StageConf::kHigh : StageConf::kModerate;
      out.trace.emplace_back("ST4");
    } else {
      stage = Stage::kIndeterminate;
      out.stage_basis = "insufficient_signal";
      stage_conf = StageConf::kLow;
      out.trace.emplace_back("ST5");
    }
    switch (stage) {
      case Stage::kReactive: out.stage = "reactive"; break;
      case Stage::kSettled: out.stage = "settled"; break;
      default: out.stage = "indeterminate"; break;
    }
    switch (stage_conf) {
      case StageConf::kHigh: out.stage_confidence = "high"; break;
      case StageConf::kModerate: out.stage_confidence = "moderate"; break;
      default: out.stage_confidence = "low"; break;
    }

    bool persistent = false;
    if (!in.symptom_duration_weeks) {
      out.chronicity = "unknown";
      missing.Add(kMSymptomDurationWeeks);
    } else if (*in.symptom_duration_weeks < t.acute_weeks) {
      out.chronicity = "acute_lt_6wk";
    } else if (*in.symptom_duration_weeks < t.chronic_weeks) {
      out.chronicity = "subacute_6_to_12wk";
    } else {
      out.chronicity = "persistent_ge_12wk";
      persistent = true;
    }
    if (stage == Stage::kReactive && persistent) {
      out.notes.emplace_back("reactive_on_persistent_tendinopathy");
      out.trace.emplace_back("ST6");
    }
  } else {
    out.stage = "not_staged";
  }

  // ---- Step 5: modifiers ---------------------------------------------------
  const bool tok_diabetes = Yes(in.diabetes);
  const bool tok_chol = Yes(in.hypercholesterolaemia);
  const bool tok_ia = Yes(in.inflammatory_arthritis);
  const bool tok_bmi = Ge(in.bmi, t.metabolic_bmi_min);
  const bool tok_meno = in.menopausal_status == MenopausalStatus::kPeri ||
                        in.menopausal_status == MenopausalStatus::kPost;
  const bool mod1 = tok_diabetes || tok_chol || tok_ia || tok_bmi || tok_meno;
  if (mod1) {
    std::string m = "slow_progression:";
    m.reserve(96);
    bool first = true;
    auto token = [&m, &first](bool on, const char* name) {
      if (!on) return;
      if (!first) m += ',';
      m += name;
      first = false;
    };
    token(tok_diabetes, "diabetes");
    token(tok_chol, "hypercholesterolaemia");
    token(tok_ia, "inflammatory_arthritis");
    token(tok_bmi, "bmi_ge_30");
    token(tok_meno, "peri_or_post_menopause");
    out.modifiers.push_back(std::move(m));
    out.trace.emplace_back("MOD1");
  }
  const bool mod2 = Yes(in.psychosocial_flags);
  if (mod2) {
    out.modifiers.emplace_back("psychosocial");
    AddReferral(out, "general_practitioner_or_psychology", "psychosocial_flags_mood_or_fear",
                "routine");
    out.trace.emplace_back("MOD2");
  }
  const bool mod3 = Yes(in.local_steroid_injection_last_6_weeks);
  if (mod3) {
    out.modifiers.emplace_back("recent_steroid_injection_pain_may_be_masked");
    out.trace.emplace_back("MOD3");
  }
  const bool mod4 = Yes(in.recent_fluoroquinolone);
  if (mod4) {
    out.modifiers.emplace_back("fluoroquinolone_tendon_risk");
    out.trace.emplace_back("MOD4");
  }
  if (Ge(in.prior_failed_loading_rehab_weeks, t.failed_rehab_referral_weeks)) {
    AddReferral(out, "sport_and_exercise_medicine_physician",
                "no_meaningful_improvement_after_12_weeks_adequate_loading", "routine");
    out.trace.emplace_back("MOD5");
  }

  // ---- Step 6: pathway -----------------------------------------------------
  bool plan = false;
  bool lumbar_first = false;
  if (!screen_complete) {
    out.pathway = "complete_screen_first";
    out.notes.emplace_back("complete_red_flag_screen_before_loading");
    out.trace.emplace_back("PW4");
  } else if (dx == Dx::kUnlikely) {
    out.pathway = "assess_differentials_not_pht";
    AddReferral(out, "clinician_assessment_of_differential_diagnoses", "pht_unlikely", "routine");
    out.trace.emplace_back("PW3");
  } else if (lumbar_rule) {
    out.pathway = "lumbar_first";
    lumbar_first = true;
    plan = true;
    out.trace.emplace_back("PW2");
  } else {
    out.pathway = "tendon_rehab";
    plan = true;
    out.trace.emplace_back("PW1");
  }

  // ---- Step 7: phase selection, caps and the plan --------------------------
  bool provisional = false;
  if (plan) {
    const double min_weeks = mod1 ? t.min_weeks_per_phase_with_modifier : t.min_weeks_per_phase;
    out.min_weeks_per_phase = static_cast<int>(min_weeks);
    const bool settled = stage == Stage::kSettled;

    enum class Action { kStart, kProgress, kHold, kRegress, kRegressFlare, kDischarge };
    int candidate = 1;
    Action action = Action::kStart;
    int prev = 0;
    if (initial_visit) {
      const bool ex1 = ExitMet(1, in, t);
      if (settled && !in.slb_short_lever_nrs) missing.Add(kMSlbShortLeverNrs);
      if (settled && ex1 && No(in.latent_flare_over_24h) &&
          Le(in.slb_long_lever_nrs, t.fasttrack_long_bridge_max_nrs) &&
          Ge(in.strength_lsi_pct, t.fasttrack_lsi_min) && in.arabesque_test == Test::kNegative &&
          !mod3 && !mod4) {
        candidate = 3;
        out.trace.emplace_back("PH3");
      } else if (settled && ex1 && No(in.latent_flare_over_24h)) {
        candidate = 2;
        out.trace.emplace_back("PH2");
      } else {
        candidate = 1;
        out.trace.emplace_back("PH1");
      }
    } else {
      prev = static_cast<int>(*in.previous_phase);
      missing.AddIfNull(in.exercise_pain_nrs, kMExercisePainNrs);
      missing.AddIfNull(in.weeks_in_phase, kMWeeksInPhase);
      if (in.response_24h == Response24h::kUnknown) missing.Add(kMResponse24h);
      if (in.weekly_trend == WeeklyTrend::kUnknown) missing.Add(kMWeeklyTrend);

      if (stage == Stage::kReactive && prev >= 2) {
        candidate = 1;
        action = Action::kRegressFlare;
        out.trace.emplace_back("PR1");
      } else if (in.response_24h == Response24h::kWorse || Yes(in.latent_flare_over_24h) ||
                 in.weekly_trend == WeeklyTrend::kWorsening ||
                 Ge(in.exercise_pain_nrs, t.regress_min_exercise_nrs)) {
        candidate = std::max(1, prev - 1);
        action = Action::kRegress;
        out.trace.emplace_back("PR2");
      } else {
        AddExitMissing(prev, in, missing);
        const bool progression =
            settled && Le(in.exercise_pain_nrs, t.progress_max_exercise_nrs) &&
            in.response_24h == Response24h::kBaseline &&
            (in.weekly_trend == WeeklyTrend::kImproving ||
             in.weekly_trend == WeeklyTrend::kStable) &&
            Ge(in.weeks_in_phase, min_weeks) && ExitMet(prev, in, t);
        if (prev == 4 && progression) {
          candidate = 4;
          action = Action::kDischarge;
          out.trace.emplace_back("PR5");
        } else if (progression) {
          candidate = prev + 1;
          action = Action::kProgress;
          out.trace.emplace_back("PR3");
        } else {
          candidate = prev;
          action = Action::kHold;
          out.trace.emplace_back("PR4");
        }
      }
    }

    // PH4: provisional plan and caps.
    const bool dx_indeterminate = dx == Dx::kIndeterminate;
    const bool sudden_window =
        sudden && (!in.days_since_injury ||
                   *in.days_since_injury < t.sudden_onset_phase1_cap_days);
    int phase = candidate;
    if (lumbar_first || dx_indeterminate || sudden_window) {
      provisional = true;
      const int cap = (initial_visit || dx_indeterminate || sudden_window || ls1)
                          ? 1
                          : static_cast<int>(t.lumbar_cap_phase_ls2_ls3);
      if (cap < candidate) {
        phase = cap;
        if (follow_up) action = (phase == prev) ? Action::kHold : Action::kRegress;
      }
      out.trace.emplace_back("PH4");
    }
    out.phase = phase;
    out.phase_status = provisional ? "provisional" : "definitive";
    switch (action) {
      case Action::kStart: out.phase_action = "start"; break;
      case Action::kProgress: out.phase_action = "progress"; break;
      case Action::kHold: out.phase_action = "hold"; break;
      case Action::kRegress: out.phase_action = "regress"; break;
      case Action::kRegressFlare: out.phase_action = "regress_to_phase_1_flare"; break;
      case Action::kDischarge: out.phase_action = "discharge_to_maintenance"; break;
    }
    const bool discharge = action == Action::kDischarge;
    const bool runner = in.main_activity == MainActivity::kRunning ||
                        in.main_activity == MainActivity::kFieldSport ||
                        in.running_status == RunningStatus::kWalkRun ||
                        in.running_status == RunningStatus::kRunningReduced ||
                        in.running_status == RunningStatus::kRunningFull;

    // Exercises.
    bool hills = false;
    out.exercises.reserve(8);
    if (discharge) {
      out.exercises.emplace_back("ex_strength_maintenance");
    } else if ((lumbar_first && initial_visit) || ls1) {
      out.exercises.emplace_back("ex_general_strength_non_provocative");
      out.exercises.emplace_back("ex_iso_bridge_double");
      out.notes.emplace_back("isometrics_only_if_no_leg_symptom_reproduction");
    } else if (phase <= 1) {
      out.exercises.emplace_back("ex_iso_bridge_double");
      out.exercises.emplace_back("ex_iso_bridge_single_short_lever");
      out.exercises.emplace_back("ex_iso_prone_knee_flexion");
      out.exercises.emplace_back("ex_general_strength_non_provocative");
    } else if (phase == 2) {
      out.exercises.emplace_back("ex_prone_curl_isotonic_hsr");
      out.exercises.emplace_back("ex_bridge_isotonic_progression");
      out.exercises.emplace_back("ex_ball_curl");
      out.exercises.emplace_back("ex_hip_extension_from_neutral");
    } else if (phase == 3) {
      out.exercises.emplace_back("ex_romanian_deadlift");
      out.exercises.emplace_back("ex_single_leg_rdl_arabesque");
      out.exercises.emplace_back("ex_split_squat_step_up");
      out.exercises.emplace_back("ex_squat");
      if (!mod4) out.exercises.emplace_back("ex_nordic_eccentric");
    } else {
      out.exercises.emplace_back("ex_strength_maintenance");
      if (!mod4) out.exercises.emplace_back("ex_plyometrics");
      if (runner) {
        out.exercises.emplace_back("ex_running_drills");
        out.exercises.emplace_back("ex_return_to_run_walk_run");
      }
      if (follow_up && prev == 4 &&
          (in.running_status == RunningStatus::kRunningReduced ||
           in.running_status == RunningStatus::kRunningFull)) {
        hills = true;
        out.exercises.emplace_back("ex_hills_speed_reintroduction");
      }
    }
    if (mod4) out.notes.emplace_back("fluoroquinolone_nordics_and_plyometrics_withheld");

    // Avoid list.
    if (discharge) {
      out.avoid.emplace_back("avoid_sudden_load_spikes");
    } else {
      out.avoid.reserve(8);
      if (phase <= 2) {
        out.avoid.emplace_back("avoid_static_hamstring_stretch");
        out.avoid.emplace_back("avoid_loaded_deep_hip_flexion");
        out.avoid.emplace_back("avoid_prolonged_hard_sitting");
        out.avoid.emplace_back("avoid_direct_tendon_pressure_foam_roll");
        out.avoid.emplace_back("avoid_hills_speedwork");
      } else if (phase == 3) {
        out.avoid.emplace_back("avoid_static_hamstring_stretch");
        out.avoid.emplace_back("avoid_direct_tendon_pressure_foam_roll");
        out.avoid.emplace_back("avoid_hills_speedwork");
        out.avoid.emplace_back("avoid_sudden_load_spikes");
      } else {
        out.avoid.emplace_back("avoid_sudden_load_spikes");
        out.avoid.emplace_back(hills ? "avoid_adding_hills_and_speed_together"
                                     : "avoid_hills_speedwork");
      }
      if (lumbar_first) out.avoid.emplace_back("avoid_neural_provocation_slump_and_stretch");
      if (!settled && phase <= 3) out.avoid.emplace_back("avoid_running_until_settled");
    }

    // Advice.
    out.advice.reserve(8);
    if (!discharge && phase <= 2) out.advice.emplace_back("adv_sitting_cushion_and_breaks");
    out.advice.emplace_back("adv_education_compression_and_pain_monitoring");
    if (!discharge) {
      if (phase <= 3) {
        out.advice.emplace_back(settled ? "adv_running_modified_flat_short_stride"
                                        : "adv_pause_running_cross_train");
      } else {
        out.advice.emplace_back(runner ? "adv_return_to_run_program"
                                       : "adv_graded_return_to_target_activity");
      }
    }
    if (lumbar_first) out.advice.emplace_back("adv_lumbar_ergonomics_breaks_15_20_min");
    if (in.main_activity == MainActivity::kCycling) {
      out.advice.emplace_back("adv_cycling_modify_position_and_volume");
    }
  }
  // Modifier advice comes last on every non-stop pathway.
  if (mod1) out.advice.emplace_back("adv_metabolic_health_review");
  if (mod2) out.advice.emplace_back("adv_pain_education_psychosocial");

  // ---- Step 8: confidence --------------------------------------------------
  out.red_flag_level = kLevelNames[level];
  if (dx == Dx::kIndeterminate || stage == Stage::kIndeterminate) {
    out.confidence = "low";
    out.trace.emplace_back("CF1");
  } else if (!screen_complete || dx == Dx::kPossible || dx == Dx::kUnlikely ||
             (dx == Dx::kCarriedForward &&
              in.previous_diagnosis_likelihood == DiagnosisLikelihood::kPossible) ||
             stage_conf == StageConf::kModerate || ls == Ls::kLS5 || ls == Ls::kLS4 ||
             ls == Ls::kLS7 || provisional || level == kLevelSoon || level == kLevelUrgent ||
             !out.differential_flags.empty() || mod3 || mod4) {
    out.confidence = "moderate";
    out.trace.emplace_back("CF2");
  } else {
    out.confidence = "high";
    out.trace.emplace_back("CF3");
  }

  missing.WriteTo(out.missing_data);
  return out;
}

}  // namespace sitbone::reference
