#pragma once
// Private: characters xmlrpc-c cannot carry, moved past it as private-use stand-ins.
//
// xmlrpc-c 1.33 refuses every character beyond the Basic Multilingual Plane (emoji, rarer CJK)
// when it builds or parses a string, and turns a carriage return into a line feed even when
// it arrives as the reference &#13;, which XML says must survive. Both are legal XML-RPC
// that Python and other peers send. Each such character becomes a pair of private-use
// characters (U+E000 + high bits, U+E800 + low 10 bits) on its way into xmlrpc-c and is turned
// back after. Documents that already hold characters of that private-use range (U+E000-U+EBFF)
// are passed through untouched, so nothing is ever mistaken for a stand-in.

#include <optional>
#include <string>
#include <string_view>

namespace hostbridge::detail {

// Before parsing: `xml` with references to CR and all characters beyond U+FFFF (raw or as
// references) replaced by stand-ins; nullopt when there is nothing to replace or when the
// document already uses the stand-in range.
std::optional<std::string> replaceForParser(std::string_view xml);

// Before encoding a string: true when it holds characters beyond U+FFFF.
bool needsStandIns(std::string_view text);
// True when `text` holds characters of the stand-in range itself.
bool hasStandInRange(std::string_view text);
// `text` with every character beyond U+FFFF replaced by its stand-in pair.
std::string toStandIns(std::string_view text);

// Turns stand-in pairs back into the characters they stand for: in decoded strings (CR
// becomes "\r") and in encoded XML text (characters beyond U+FFFF become raw UTF-8).
void restoreStandIns(std::string& text);

}  // namespace hostbridge::detail
