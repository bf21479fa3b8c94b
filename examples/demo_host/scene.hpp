#pragma once
// The demo host's stand-in for a DCC scene: thirteen named nodes across the publishing
// families (one, tree_geo, misnamed for the naming validator), a selection and a frame
// counter the main loop advances.
//
// Thread: main thread only, like a real DCC scene. It has no lock on purpose: every remote
// function that touches it is bound with Host::bind(..., {Thread::Main}).

#include <hostbridge/value.hpp>

#include <string>
#include <vector>

namespace demo {

// Fault codes of the scene functions (positive: the handler's own, see docs/fault-codes.md).
struct SceneFault {
    enum : int {
        NoSuchNode = 1,   // a name that is not in the scene
        NameTaken = 2,    // rename to a name another node has
        InvalidName = 3,  // empty, or characters other than letters, digits and _
    };
};

struct Node {
    std::string name;
    std::string family;  // model, rig, camera, look, animation
    bool selected = false;
};
// {name, family, selected}
void toValue(hostbridge::Value& out, const Node& node);

class Scene {
public:
    Scene();  // the demo's nodes, nothing selected

    const std::vector<Node>& nodes() const { return m_nodes; }
    // Selects exactly `names` (the rest is deselected) and returns them in scene order.
    // Throws Fault(NoSuchNode) naming the first unknown name; the selection is then unchanged.
    std::vector<std::string> select(const std::vector<std::string>& names);
    // Renames a node; returns the new name. Throws Fault(NoSuchNode / NameTaken / InvalidName).
    std::string rename(const std::string& from, const std::string& to);

    // One step of the main loop: the playhead moves on (a stand-in for evaluation work).
    void tick();
    long frame() const { return m_frame; }

private:
    Node* find(const std::string& name);
    std::vector<Node> m_nodes;
    long m_frame = 1001;
};

}  // namespace demo
