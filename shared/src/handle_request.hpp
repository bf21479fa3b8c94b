#pragma once
// Private: MethodTable::handle for the server, which keeps the result to free it later.

#include <string>
#include <string_view>

#include "hostbridge/method_table.hpp"

namespace hostbridge::detail {

// MethodTable::handle that hands the result over in `result`, so the server frees it after
// the answer went out: a large one (a 10,000-instance context) takes tens of milliseconds to
// free. Never throws.
std::string handleRequest(const MethodTable& table, std::string_view requestXml, Value& result);

}  // namespace hostbridge::detail
