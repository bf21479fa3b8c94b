#pragma once
// Private: what xmlrpc-c cannot carry exactly, moved past it as private-use stand-ins.
//
// xmlrpc-c 1.33 refuses every character beyond the Basic Multilingual Plane (emoji, rarer CJK)
// when it builds or parses a string, and turns a carriage return into a line feed even when
// it arrives as the reference &#13;, which XML says must survive. Both are legal XML-RPC
// that Python and other peers send. Each such character becomes a pair of private-use
// characters (U+E000 + high bits, U+E800 + low 10 bits) on its way into xmlrpc-c and is turned
// back after.
// Its doubles are inexact both ways: it prints about 16 digits with rounding error and reads
// plain decimals by accumulation (0.00001 -> 1.0000000000000004e-05), and it refuses exponents
// such as Python's 5e-324. So a double crosses it as a string marked with U+E7FF holding the
// number, read and written exactly by std::from_chars / std::to_chars.
// Documents that already hold characters of the private-use range U+E000-U+EBFF are passed
// through untouched, so nothing is ever mistaken for a stand-in; their doubles are then
// xmlrpc-c's, exact to about 15 significant digits only.

#include <optional>
#include <string>
#include <string_view>

namespace hostbridge::detail {

// Before parsing: `xml` with references to CR and all characters beyond U+FFFF (raw or as
// references) replaced by stand-ins, and each <double> by a marked string; nullopt when there
// is nothing to replace, or when the document uses the stand-in range or CDATA. Throws
// std::invalid_argument for a <double> that is not a finite number.
std::optional<std::string> replaceForParser(std::string_view xml);

// A decoded string that is a marked double: its value. nullopt for any other string.
std::optional<double> markedDouble(std::string_view text);

// A double as XML-RPC peers write it ("-12.5", "1e-05", "+3", with spaces around), read
// exactly. nullopt for anything else, including NaN and infinities.
std::optional<double> readDouble(std::string_view text);

// Before encoding a double: the marked string standing for it (the shortest digits that read
// back exactly, without exponent, as the XML-RPC spec writes doubles).
std::string markDouble(double value);

// Before encoding a string: true when it holds characters beyond U+FFFF.
bool needsStandIns(std::string_view text);
// True when `text` holds characters of the stand-in range itself.
bool hasStandInRange(std::string_view text);
// `text` with every character beyond U+FFFF replaced by its stand-in pair.
std::string toStandIns(std::string_view text);

// Turns stand-in pairs back into the characters they stand for: in decoded strings (CR
// becomes "\r") and in encoded XML text (characters beyond U+FFFF become raw UTF-8).
void restoreStandIns(std::string& text);

// After encoding: turns each <string> holding a marked double into <double>digits</double>.
void restoreDoubles(std::string& xml);

}  // namespace hostbridge::detail
