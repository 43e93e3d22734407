// The few cryptographic operations editor authentication and webhooks need,
// all from OpenSSL: random secrets from its CSPRNG, SHA-256, HMAC-SHA256,
// and a comparison whose time does not depend on where two secrets differ.
#pragma once

#include <string>
#include <string_view>

namespace erratum::collector {

// 32 bytes from the CSPRNG as unpadded base64url (43 characters), usable in
// a cookie, a form field and an Authorization header alike; "" when the
// CSPRNG fails (callers then refuse to open a session).
std::string random_secret();

// SHA-256 of `text`, 32 raw bytes.
std::string sha256(std::string_view text);

// HMAC-SHA256 of `message` under `key`, as 64 lower-case hex digits; ""
// when OpenSSL fails (the delivery is then not sent).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// True when `a` equals `b`. Both are hashed first, so neither their length
// nor the position of the first difference changes how long this takes.
bool same_secret(std::string_view a, std::string_view b);

// True when two SHA-256 digests are equal, compared in constant time.
bool same_digest(std::string_view a, std::string_view b);

}  // namespace erratum::collector
