import QtQuick
import QtQuick.Controls
import QtTest
import "../../../qml_ui/qml"

Item {
    id: root
    width: 430
    height: 600

    InstancesView { id: instancesView; width: 430; height: 200; model: instanceModel }
    PluginsView { id: pluginsView; y: 200; width: 430; height: 200; model: pluginModel }

    // A stand-in for PublishController: the footer only reads can* and calls the actions.
    QtObject {
        id: fakePublishController
        property string statusText: "Ready"
        property bool hasError: false
        property int progressDone: 1
        property int progressTotal: 4
        property bool canReset: true
        property bool canValidate: true
        property bool canPublish: false
        property bool canStop: false
        property int validateCalls: 0
        property int publishCalls: 0
        property int resetCalls: 0
        function reset() { resetCalls++ }
        function validate() { validateCalls++; canValidate = false; canStop = true }
        function publish() { publishCalls++ }
        function stop() { canStop = false }
    }
    PublishFooter { id: footer; y: 400; width: 430; publishController: fakePublishController }

    TabBar {
        id: fakeTabs
        y: 560
        TabButton { text: "Publish" }
        TabButton { text: "Hosts" }
        TabButton { text: "Log" }
    }
    property int beforeRuns: 0
    PublishShortcuts {
        publishController: fakePublishController
        tabs: fakeTabs
        onBeforeRun: root.beforeRuns++
    }

    TestCase {
        name: "PublishViews"
        when: windowShown

        function toggleOf(view, row) {
            view.forceLayout()
            var item = view.itemAtIndex(row)
            verify(item, "row " + row)
            var box = findChild(item, "toggle")
            verify(box)
            return box
        }

        function test_instanceToggle() {
            tryVerify(function() { return instancesView.count === 3 })
            var context = toggleOf(instancesView, 0)
            verify(!context.enabled)            // the context does not toggle
            var chair = toggleOf(instancesView, 2)
            verify(chair.checked)
            mouseClick(chair)
            tryCompare(instancesView.itemAtIndex(2), "publish", false)  // the model's role
            tryCompare(chair, "checked", false)
            mouseClick(chair)
            tryCompare(chair, "checked", true)
        }

        function test_pluginToggleOnlyOptional() {
            tryVerify(function() { return pluginsView.count === 3 })
            var naming = toggleOf(pluginsView, 0)
            verify(!naming.enabled)             // not optional
            var normals = toggleOf(pluginsView, 1)
            verify(normals.enabled)
            mouseClick(normals)
            tryCompare(pluginsView.itemAtIndex(1), "active", false)
            tryCompare(normals, "checked", false)
            mouseClick(naming)                  // disabled: nothing changes
            compare(pluginsView.itemAtIndex(0).active, true)
            mouseClick(normals)
            tryCompare(normals, "checked", true)
            // Nothing to process: greyed.
            verify(findChild(pluginsView.itemAtIndex(2), "rowBody").opacity < 1)
            verify(findChild(pluginsView.itemAtIndex(1), "rowBody").opacity === 1)
        }

        function test_sectionHeadingsOncePerSection() {
            tryVerify(function() { return instancesView.count === 3 })
            instancesView.forceLayout()
            verify(findChild(instancesView.itemAtIndex(0), "section:Context"))
            verify(findChild(instancesView.itemAtIndex(1), "section:model"))
            verify(!findChild(instancesView.itemAtIndex(2), "section:model"))  // same family: no heading
        }

        function test_sectionHeaderTogglesItsOptionalPlugins() {
            var header = findChild(pluginsView, "section:Validate")
            verify(header)
            var normals = toggleOf(pluginsView, 1)
            var rig = toggleOf(pluginsView, 2)
            mouseClick(header)                  // all optional on -> off
            tryCompare(normals, "checked", false)
            tryCompare(rig, "checked", false)
            verify(toggleOf(pluginsView, 0).checked)  // not optional: untouched
            mouseClick(header)                  // -> on
            tryCompare(normals, "checked", true)
            tryCompare(rig, "checked", true)
        }

        // Keys follow the same can* as the buttons: a disabled one does nothing, none fires twice.
        function test_shortcuts() {
            fakePublishController.canValidate = true
            fakePublishController.canStop = false
            fakePublishController.canPublish = false
            var validated = fakePublishController.validateCalls
            keySequence("Ctrl+Shift+V")
            compare(fakePublishController.validateCalls, validated + 1)
            compare(root.beforeRuns, 1)
            keySequence("Ctrl+Shift+V")                 // canValidate is false now
            compare(fakePublishController.validateCalls, validated + 1)
            keySequence("Ctrl+P")                       // canPublish false
            compare(fakePublishController.publishCalls, 0)
            verify(fakePublishController.canStop)
            keySequence("Ctrl+.")
            verify(!fakePublishController.canStop)
            keySequence("Ctrl+R")
            compare(fakePublishController.resetCalls, 1)
            keySequence("Ctrl+3")
            compare(fakeTabs.currentIndex, 2)
            keySequence("Ctrl+1")
            compare(fakeTabs.currentIndex, 0)
            fakePublishController.canValidate = true
        }

        function test_buttonsFollowTheController() {
            var validate = findChild(footer, "validateButton")
            var publish = findChild(footer, "publishButton")
            var stop = findChild(footer, "stopButton")
            verify(validate.enabled)
            verify(!publish.enabled)
            verify(!stop.enabled)
            mouseClick(validate)
            compare(fakePublishController.validateCalls, 1)
            verify(!validate.enabled)           // no double-firing
            mouseClick(validate)
            compare(fakePublishController.validateCalls, 1)
            mouseClick(publish)
            compare(fakePublishController.publishCalls, 0)
            verify(stop.enabled)
            mouseClick(stop)
            verify(!stop.enabled)
        }
    }
}
