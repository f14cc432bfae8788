// Tests for the SHA-256 helper (src/common/sha256.cc) that the rule-set
// fingerprint is built on: the FIPS 180-2 test vectors, lower-case hex, and
// byte strings with embedded NUL characters.
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/sha256.h"

namespace sitbone::internal {
namespace {

TEST(Sha256Test, HashesTheEmptyString) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, HashesAbcAsInFips180_2) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, HashesThe448BitTwoBlockMessage) {
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, HashesOneMillionLetterA) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IsSixtyFourLowerCaseHexDigits) {
  const std::string h = Sha256Hex("sitbone");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos) << h;
}

TEST(Sha256Test, HashesEveryByteIncludingEmbeddedNuls) {
  using namespace std::string_view_literals;
  EXPECT_EQ(Sha256Hex("\0"sv), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(Sha256Hex("a\0b"sv), "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
  EXPECT_NE(Sha256Hex("a\0b"sv), Sha256Hex("a"));
}

}  // namespace
}  // namespace sitbone::internal
