import QtQuick
import QtQuick.Controls
import QtTest
import "../../../qml_ui/qml"

// The publish page as a 430 x 600 window gives it (412 px: the window less its header, tabs,
// footer and status line, measured on hostbridge-ui's own window), with the demo host's scene
// (14 rows in 6 sections against 5 rows in 4 sections, Collect folded): the lists share the
// height by what they show, so the instances' first sections show whole where a fixed half left
// the camera section's rows below the split.
Item {
    id: root
    width: 430
    height: 600

    QtObject {
        id: fakePublishController
        property bool running: false
        property bool canAct: true
        property string comment
        function setComment(text) { comment = text }
        function menuOf(row) { return [] }
    }
    PublishPage {
        id: page
        width: 430
        height: 412
        publishController: fakePublishController
        instances: demoInstances
        plugins: demoPlugins
        details: demoDetails
    }

    TestCase {
        name: "Layout"
        when: windowShown

        function cleanup() { demoDetails.close() }

        function view(name) {
            var v = findChild(page, name)
            verify(v, name)
            v.forceLayout()
            return v
        }

        // The rows of `v` that start a section, and whether each shows its heading and (unless
        // folded) its first row wholly within the list's visible part.
        function sectionsShown(v) {
            var out = []
            for (var row = 0; row < v.count; ++row) {
                var item = v.itemAtIndex(row)
                if (!item || !findChild(item, "section:" + item.rowSection))
                    continue
                var shown = item.y >= v.contentY && item.y + item.height <= v.contentY + v.height
                out.push(item.rowSection + (shown ? "" : " (hidden)"))
            }
            return out
        }

        function test_theListsShareTheHeightByWhatTheyShow() {
            var instances = view("instancesView")
            var plugins = view("pluginsView")
            // ListView makes delegates only for what it shows: a section past the fold has none.
            // The lists settle after the previous test's folds and toggles: waited for, bounded.
            tryVerify(function() {
                return sectionsShown(view("instancesView")).slice(0, 3).join() === "Context,animation,camera"
            }, 2000, sectionsShown(instances).join())
            verify(instances.height > plugins.height, instances.height + " vs " + plugins.height)
            tryVerify(function() { return sectionsShown(view("pluginsView")).slice(0, 2).join() === "Collect,Validate" },
                      2000, sectionsShown(plugins).join())
            // Folding a long section gives the sections after it the room.
            demoInstances.toggleFolded("animation")
            tryVerify(function() { return sectionsShown(view("instancesView")).indexOf("look") >= 0 })
            demoInstances.toggleFolded("animation")
        }

        function test_foldingASection() {
            var plugins = view("pluginsView")
            var collect = plugins.itemAtIndex(0)
            compare(collect.rowFolded, true)  // collectors start folded (HiddenSections)
            compare(findChild(collect, "rowBody").visible, false)
            mouseClick(findChild(collect, "foldButton"))
            tryCompare(collect, "rowFolded", false)
            compare(findChild(collect, "rowBody").visible, true)
            wait(50)  // the lists share the height anew: the button moves
            collect = view("pluginsView").itemAtIndex(0)
            mouseClick(findChild(collect, "foldButton"))
            tryCompare(collect, "rowFolded", true)
            verify(!demoDetails.open)  // the arrow folds; it opens no detail page
        }

        function test_instanceSectionHeadingTogglesItsInstances() {
            var instances = view("instancesView")
            var first = -1
            for (var row = 0; row < instances.count; ++row)
                if (instances.itemAtIndex(row) && instances.itemAtIndex(row).rowSection === "camera") {
                    first = row
                    break
                }
            verify(first > 0)
            var header = findChild(instances.itemAtIndex(first), "section:camera")
            mouseClick(header, header.width / 2, header.height / 2)
            tryCompare(instances.itemAtIndex(first), "rowChecked", false)
            compare(instances.itemAtIndex(first + 1).rowChecked, false)
            mouseClick(header, header.width / 2, header.height / 2)
            tryCompare(instances.itemAtIndex(first), "rowChecked", true)
        }
    }
}
