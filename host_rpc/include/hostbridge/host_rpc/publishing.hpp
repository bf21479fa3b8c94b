#pragma once
// Publishing: plug-ins, instances and the engine that runs them, as pyblish does, with no
// socket. PublishingService (publishing_service.hpp) serves it on "/pyblish"; publish() runs
// it headless (batch, farm).
//
//   using namespace hostbridge::publish;
//   auto registry = std::make_shared<PluginRegistry>();
//   registry->add(Plugin::forContext("CollectModels", order::kCollector, [&](Context& context, Logger& log) {
//       for (auto& node : scene.models()) context.createInstance(node.name, "model");
//       log.info("collected models");
//   }));
//   registry->add(Plugin::forInstance("ValidateNaming", order::kValidator, [](Context&, Instance& instance, Logger&) {
//       if (!endsWith(instance.name, "_GEO")) throw PublishError(instance.name + " should end with _GEO");
//   }).withLabel("Naming convention").withFamilies({"model"}));
//   Publisher publisher(registry, {"demo"});
//   Report report = publisher.publish();  // headless; or serve it with PublishingService
//
// Threads: PluginRegistry is thread-safe. Publisher, Context and Instance are not: use them
// from one thread (a DCC's main thread; PublishingService binds every call that touches them
// on the main thread, Thread::Main). Plug-in callables run on the thread that calls process().
//
// Errors: a plug-in reports failure by throwing. PublishError (or HOSTBRIDGE_PUBLISH_ERROR)
// carries the file, line and function of the throw; any other exception becomes an Error
// whose file/function are empty and line 0, since C++17 cannot know where it came from.
//
// Arguments: what must be there is a reference (the context, the instance a plug-in runs on,
// the logger); a lookup that may find nothing returns a pointer (Context::find, findPlugin).
//
// The parts, one concept each, under publish/: logger.hpp, error.hpp, context.hpp, plugin.hpp,
// plugin_registry.hpp, publisher.hpp. Include this header for all of them.

#include "hostbridge/host_rpc/publish/context.hpp"
#include "hostbridge/host_rpc/publish/error.hpp"
#include "hostbridge/host_rpc/publish/logger.hpp"
#include "hostbridge/host_rpc/publish/plugin.hpp"
#include "hostbridge/host_rpc/publish/plugin_registry.hpp"
#include "hostbridge/host_rpc/publish/publisher.hpp"
