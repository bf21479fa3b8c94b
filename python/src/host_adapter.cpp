#include "host_adapter.hpp"

namespace hostbridge::python {

void bindFunction(Host& host, const std::string& name, Handler handler, std::string help,
                  std::vector<Signature> signatures, bool mainThread, const std::string& path) {
    if (mainThread) handler = host.mainThread().wrap(name, std::move(handler));
    host.methodsAt(path)->bindHandler(name, std::move(handler), std::move(help), std::move(signatures));
}

}  // namespace hostbridge::python
