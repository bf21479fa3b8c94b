#include "hostbridge/host_rpc/nested_call.hpp"

#include <chrono>
#include <future>
#include <thread>

#include "host_internals.hpp"

namespace hostbridge {

CallResult callFromMainThread(Host& host, Client& client, const std::string& method, const Array& params) {
    MainThreadQueue& queue = detail::HostInternals::mainThreadQueue(host);
    std::packaged_task<CallResult()> outgoing([&client, &method, &params] {
        // The client turns every failure into a CallResult; this catch is for the unexpected
        // (e.g. bad_alloc), which must not cross the thread unconverted either.
        try {
            return client.callWithParams(method, params);
        } catch (const std::exception& e) {
            return CallResult(
                Fault(FaultCode::InternalError, std::string("calling '") + method + "' failed: " + e.what()));
        }
    });
    std::future<CallResult> answer = outgoing.get_future();
    std::thread worker(std::move(outgoing));
    // Serve call-backs until the answer is in. The loop ends because the client call ends
    // (its timeout bounds it); waiting in short slices keeps the answer's latency low without
    // a wake-up channel from the worker.
    while (answer.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        queue.runPending(64);  // bounded, so the answer is looked at even while peers keep calling
        queue.waitForCall(std::chrono::milliseconds(2));
    }
    worker.join();
    return answer.get();
}

}  // namespace hostbridge
