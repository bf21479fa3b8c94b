#pragma once
// The one place the package calls host_rpc's binding API. The architecture issue replaces
// methodsAt()/bindHandler()/mainThread().wrap() by Host::bind(name, UntypedFunction{handler,
// signatures}, help, BindOptions{thread, path}); at that merge only bindFunction() changes.

#include <string>
#include <vector>

#include "hostbridge/host_rpc/host.hpp"

namespace hostbridge::python {

// Binds `handler` under `name` at `path` ("/" serves "/" and "/RPC2"), on the main thread (through
// the host's executor) or on a connection thread. Throws std::invalid_argument for a bad name or
// path. Any thread.
void bindFunction(Host& host, const std::string& name, Handler handler, std::string help,
                  std::vector<Signature> signatures, bool mainThread, const std::string& path);

}  // namespace hostbridge::python
