// SHA-256 of a byte string as 64 lower-case hex digits (OpenSSL's libcrypto).
#ifndef SITBONE_COMMON_SHA256_H_
#define SITBONE_COMMON_SHA256_H_

#include <string>
#include <string_view>

namespace sitbone::internal {

std::string Sha256Hex(std::string_view data);

}  // namespace sitbone::internal

#endif  // SITBONE_COMMON_SHA256_H_
