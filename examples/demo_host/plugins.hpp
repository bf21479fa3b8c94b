#pragma once
// The demo host's publishing plug-ins, on its Scene:
//   Collect<Family> (0.0)     one collector per family: an instance per node of that family
//   ValidateNaming (1.0)      a node's name ends with its family's suffix (_GEO, _RIG, _CAM,
//                             _LOOK, _ANIM); fails on "tree_geo"; its repair renames the node
//   ValidateFrameRange (1.1)  optional; animation and camera instances have a sane frame range
//   ValidateLookShaders (1.2) look instances; action "selectLooks" selects them in the scene
//   ExtractFiles (2.0)        writes <output>/staging/<instance>.<family>.json (temp + rename);
//                             with an extract time, first works in 10 logged steps with progress
//   IntegrateFiles (3.0)      moves each instance's staged file into
//                             <output>/publish/<instance>/vNNN/ (the next version), built in a
//                             hidden temporary folder and renamed into place, so a version
//                             folder is either complete or absent
//
// With a collect or extract time, the collectors or ExtractFiles first work that long in 10
// logged steps with progress, as slow plug-ins in a real DCC do (demos and fault tests).
//
// Thread: every plug-in touches the scene, so they run on the main thread (the Publisher's).

#include "scene.hpp"

#include <hostbridge/host_rpc/publishing.hpp>

#include <chrono>
#include <filesystem>
#include <memory>

namespace demo {

// How long the slow plug-ins work, each in 10 steps logged and reported as progress
// (Logger::progress) while it runs; 0: no wait, no steps.
struct PluginTimes {
    std::chrono::milliseconds collect{0};  // each collector, before it collects
    std::chrono::milliseconds extract{0};  // ExtractFiles on each instance, before it writes
};

// Registers the plug-ins above. `scene` and the registry must outlive every Publisher using them.
void registerPlugins(hostbridge::publish::PluginRegistry& registry, Scene& scene, const std::filesystem::path& output,
                     PluginTimes times = {});

// The suffix a node of `family` must end with ("_GEO" for model, ...).
std::string suffixOf(const std::string& family);

}  // namespace demo
