#include "scene.hpp"

#include <hostbridge/fault.hpp>

#include <algorithm>
#include <cctype>

namespace demo {

using hostbridge::Fault;

void toValue(hostbridge::Value& out, const Node& node) {
    out = hostbridge::Struct{{"name", node.name}, {"family", node.family}, {"selected", node.selected}};
}

Scene::Scene()
    : m_nodes{
          {"hero_GEO", "model"},      {"prop_sword_GEO", "model"},  {"set_castle_GEO", "model"},
          {"hero_RIG", "rig"},        {"dragon_RIG", "rig"},        {"shot_CAM", "camera"},
          {"witness_CAM", "camera"},  {"hero_LOOK", "look"},        {"castle_LOOK", "look"},
          {"hero_ANIM", "animation"}, {"dragon_ANIM", "animation"}, {"crowd_ANIM", "animation"},
          {"tree_geo", "model"},  // misnamed on purpose: the naming validator fails on it, its repair fixes it
      } {}

Node* Scene::find(const std::string& name) {
    auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node& node) { return node.name == name; });
    return it == m_nodes.end() ? nullptr : &*it;
}

std::vector<std::string> Scene::select(const std::vector<std::string>& names) {
    // Check every name first, so a bad list leaves the selection as it was.
    for (const std::string& name : names)
        if (!find(name)) throw Fault(SceneFault::NoSuchNode, "no node named '" + name + "'");
    std::vector<std::string> selected;
    for (Node& node : m_nodes) {
        node.selected = std::find(names.begin(), names.end(), node.name) != names.end();
        if (node.selected) selected.push_back(node.name);
    }
    return selected;
}

std::string Scene::rename(const std::string& from, const std::string& to) {
    Node* node = find(from);
    if (!node) throw Fault(SceneFault::NoSuchNode, "no node named '" + from + "'");
    const bool valid =
        !to.empty() && std::all_of(to.begin(), to.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    if (!valid) throw Fault(SceneFault::InvalidName, "'" + to + "' is not a valid node name (letters, digits and _)");
    if (to != from && find(to)) throw Fault(SceneFault::NameTaken, "a node named '" + to + "' already exists");
    node->name = to;
    return to;
}

void Scene::tick() { ++m_frame; }

}  // namespace demo
