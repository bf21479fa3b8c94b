#include "plugins.hpp"

#include <hostbridge/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>
#include <thread>

namespace demo {

namespace fs = std::filesystem;
using namespace hostbridge::publish;
using hostbridge::Struct;
using hostbridge::Value;

namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string nodeOf(const Instance& instance) {
    auto it = instance.data.find("node");
    return it != instance.data.end() ? it->second.asString() : instance.name;
}

// Writes `text` to `path` through a temporary file in the same folder and a rename, so a
// reader never sees half a file.
void writeAtomically(const fs::path& path, const std::string& text) {
    const fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw PublishError("cannot write " + temp.string());
    }
    std::error_code error;
    fs::rename(temp, path, error);
    if (error) {
        fs::remove(temp, error);
        throw PublishError("cannot move " + temp.string() + " to " + path.string());
    }
}

// The next free version under `folder`: v001 when there is none.
int nextVersion(const fs::path& folder) {
    int highest = 0;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.size() == 4 && name[0] == 'v' && name.find_first_not_of("0123456789", 1) == std::string::npos)
            highest = std::max(highest, std::stoi(name.substr(1)));
    }
    return highest + 1;
}

std::string versionName(int version) {
    std::string digits = std::to_string(version);
    return "v" + std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
}

// A real plug-in keeps the DCC's main thread for a while, as this does: `total` in 10 steps,
// each reported live to the UI (a record and the progress) while the plug-in runs.
void workInSteps(std::chrono::milliseconds total, const std::string& what, Logger& log) {
    if (total.count() <= 0) return;
    constexpr int kSteps = 10;
    for (int step = 1; step <= kSteps; ++step) {
        std::this_thread::sleep_for(total / kSteps);
        const std::string part = "part " + std::to_string(step) + " of " + std::to_string(kSteps);
        log.info(what + ": " + part);
        log.progress(step, kSteps, part);
    }
}

Plugin collector(Scene& scene, const std::string& family, const std::string& name,
                 std::chrono::milliseconds collectTime) {
    return Plugin::forContext(
               name, order::kCollector,
               [&scene, family, collectTime](Context& context, Logger& log) {
        workInSteps(collectTime, "collecting " + family, log);
        int count = 0;
        for (const Node& node : scene.nodes()) {
            if (node.family != family) continue;
            Instance& instance = context.createInstance(node.name, family);
            instance.data["node"] = node.name;
            instance.data["frameStart"] = 1001;
            instance.data["frameEnd"] = 1100;
            ++count;
        }
        log.info("collected " + std::to_string(count) + " " + family + " instance(s)");
               })
        .withLabel("Collect " + family)
        .withDoc("Makes an instance of every " + family + " node in the scene.");
}

}  // namespace

std::string suffixOf(const std::string& family) {
    if (family == "model") return "_GEO";
    if (family == "rig") return "_RIG";
    if (family == "camera") return "_CAM";
    if (family == "look") return "_LOOK";
    if (family == "animation") return "_ANIM";
    return "";
}

void registerPlugins(PluginRegistry& registry, Scene& scene, const fs::path& output, PluginTimes times) {
    registry.add(collector(scene, "model", "CollectModels", times.collect));
    registry.add(collector(scene, "rig", "CollectRigs", times.collect));
    registry.add(collector(scene, "camera", "CollectCameras", times.collect));
    registry.add(collector(scene, "look", "CollectLooks", times.collect));
    registry.add(collector(scene, "animation", "CollectAnimation", times.collect));

    // ValidateNaming's repair: a wrongly cased suffix ("tree_geo") is replaced, otherwise the
    // suffix is appended.
    auto renameToConvention = [&scene](Context&, Instance& instance, Logger& log) {
        const std::string node = nodeOf(instance);
        const std::string suffix = suffixOf(instance.family);
        if (endsWith(node, suffix)) return;
        std::string fixed = node;
        if (fixed.size() > suffix.size()) {
            std::string tail = fixed.substr(fixed.size() - suffix.size());
            for (char& c : tail) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (tail == suffix) fixed.resize(fixed.size() - suffix.size());
        }
        fixed += suffix;
        scene.rename(node, fixed);
        instance.name = fixed;
        instance.label = fixed;
        instance.data["node"] = fixed;
        log.info("renamed '" + node + "' to '" + fixed + "'");
    };
    registry.add(Plugin::forInstance(
                     "ValidateNaming", order::kValidator,
                     [](Context&, Instance& instance, Logger& log) {
        const std::string suffix = suffixOf(instance.family);
        const std::string node = nodeOf(instance);
        if (!endsWith(node, suffix)) throw PublishError("'" + node + "' should end with " + suffix);
        log.debug("'" + node + "' is well named");
                     })
                     .withLabel("Naming convention")
                     .withDoc("A node's name ends with its family's suffix: _GEO, _RIG, _CAM, _LOOK or _ANIM.")
                     .withRepair(renameToConvention));

    registry.add(Plugin::forInstance(
                     "ValidateFrameRange", order::kValidator + 0.1,
                     [](Context&, Instance& instance, Logger& log) {
        const auto start = instance.data.at("frameStart").asInt();
        const auto end = instance.data.at("frameEnd").asInt();
        if (start > end)
            throw PublishError("frame range " + std::to_string(start) + "-" + std::to_string(end) + " is empty");
        log.info("frames " + std::to_string(start) + "-" + std::to_string(end));
                     })
                     .withLabel("Frame range")
                     .withFamilies({"animation", "camera"})
                     .withOptional()
                     .withDoc("Optional: frameStart <= frameEnd."));

    Action select;
    select.id = "selectLooks";
    select.label = "Select looks";
    select.icon = "hand-o-up";
    select.on = "all";
    select.process = [&scene](Context& context, Logger& log) {
        std::vector<std::string> names;
        for (const auto& instance : context.instances())
            if (instance->family == "look") names.push_back(nodeOf(*instance));
        scene.select(names);
        log.info("selected " + std::to_string(names.size()) + " look(s)");
    };
    registry.add(Plugin::forInstance(
                     "ValidateLookShaders", order::kValidator + 0.2,
                     [](Context&, Instance& instance, Logger& log) { log.info("'" + instance.name + "' has shaders"); })
                     .withLabel("Look shaders")
                     .withFamilies({"look"})
                     .withDoc("Every look has shaders; its action selects the looks in the scene.")
                     .withAction(select));

    const fs::path staging = output / "staging";
    const fs::path published = output / "publish";

    registry.add(Plugin::forInstance(
                     "ExtractFiles", order::kExtractor,
                     [staging, &scene, extractTime = times.extract](Context&, Instance& instance, Logger& log) {
        workInSteps(extractTime, "extracting " + instance.name, log);
        fs::create_directories(staging);
        const fs::path file = staging / (instance.name + "." + instance.family + ".json");
        Struct content{{"node", nodeOf(instance)},
                       {"family", instance.family},
                       {"frame", static_cast<int>(scene.frame() % 1000000)}};
        writeAtomically(file, hostbridge::toJson(content, 2) + "\n");
        instance.data["stagedFile"] = file.string();
        log.info("wrote " + file.string());
                     })
                     .withLabel("Write files")
                     .withDoc("Writes each instance to <output>/staging/<instance>.<family>.json."));

    registry.add(Plugin::forInstance(
                     "IntegrateFiles", order::kIntegrator,
                     [published](Context&, Instance& instance, Logger& log) {
        auto staged = instance.data.find("stagedFile");
        if (staged == instance.data.end()) throw PublishError("'" + instance.name + "' has no extracted file");
        const fs::path source = staged->second.asString();
        const fs::path folder = published / instance.name;
        fs::create_directories(folder);
        const std::string version = versionName(nextVersion(folder));
        // Build the version in a hidden folder, then one rename makes it appear complete.
        const fs::path temp = folder / ("." + version + ".tmp-" + std::to_string(::getpid()));
        std::error_code error;
        fs::remove_all(temp, error);
        fs::create_directories(temp);
        fs::rename(source, temp / source.filename(), error);
        if (error) {
            fs::remove_all(temp, error);
            throw PublishError("cannot move " + source.string() + ": " + error.message());
        }
        fs::rename(temp, folder / version, error);
        if (error) {
            std::error_code ignored;
            fs::rename(temp / source.filename(), source, ignored);  // back to staging, for another try
            fs::remove_all(temp, ignored);
            throw PublishError("cannot publish " + (folder / version).string() + ": " + error.message());
        }
        instance.data["publishedDir"] = (folder / version).string();
        log.info("published " + (folder / version).string());
                     })
                     .withLabel("Publish files")
                     .withDoc("Moves each staged file into <output>/publish/<instance>/vNNN/, all or nothing."));
}

}  // namespace demo
