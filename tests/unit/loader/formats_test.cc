// Tests for the label formats of a rule set (src/loader/formats.cc), which
// replace std::regex (whose recursion overflowed on a 100,000-character id).
#include "loader/formats.h"

#include <gtest/gtest.h>

#include <string>

namespace sitbone::internal {
namespace {

TEST(FormatsTest, RuleSetIds) {
  EXPECT_TRUE(IsRuleSetId("pht"));
  EXPECT_TRUE(IsRuleSetId("tendon-triage_2"));
  EXPECT_FALSE(IsRuleSetId(""));
  EXPECT_FALSE(IsRuleSetId("2pht"));
  EXPECT_FALSE(IsRuleSetId("PHT"));
  EXPECT_FALSE(IsRuleSetId("p ht"));
  EXPECT_FALSE(IsRuleSetId(std::string(100000, 'a')));  // over the name limit, and no stack overflow
}

TEST(FormatsTest, SemanticVersions) {
  EXPECT_TRUE(IsSemanticVersion("2.0.0"));
  EXPECT_TRUE(IsSemanticVersion("10.20.30-rc.1"));
  EXPECT_FALSE(IsSemanticVersion("2.0"));
  EXPECT_FALSE(IsSemanticVersion("2.0.0-"));
  EXPECT_FALSE(IsSemanticVersion("v2.0.0"));
  EXPECT_FALSE(IsSemanticVersion("2.0.0+build"));
  EXPECT_FALSE(IsSemanticVersion("1.2.3-" + std::string(100000, 'a')));
}

TEST(FormatsTest, IsoDates) {
  EXPECT_TRUE(IsIsoDate("2026-12-07"));
  EXPECT_FALSE(IsIsoDate("2026-12-7"));
  EXPECT_FALSE(IsIsoDate("2026/12/07"));
}

TEST(FormatsTest, EvidenceLabels) {
  for (const char* ok : {"E", "E-ind", "X", "P", "X/P", "E-ind -> P", "X \u2192 E"}) EXPECT_TRUE(IsEvidenceLabel(ok)) << ok;
  for (const char* bad : {"", "Q", "X/", "/X", "X P", "E-in"}) EXPECT_FALSE(IsEvidenceLabel(bad)) << bad;
  EXPECT_FALSE(IsEvidenceLabel("X" + std::string(100000, '/')));
}

TEST(FormatsTest, ClipKeepsShortTextsAndCutsLongOnesAtACharacterBoundary) {
  EXPECT_EQ(Clip("pht"), "pht");
  const std::string clipped = Clip(std::string(59, 'a') + "\u00e9\u00e9");  // é straddles byte 60
  EXPECT_EQ(clipped, std::string(59, 'a') + "... (63 bytes)");
}

}  // namespace
}  // namespace sitbone::internal
