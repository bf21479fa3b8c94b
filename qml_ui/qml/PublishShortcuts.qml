// The window's keyboard shortcuts (docs/ui.md, "Keyboard"). Each one is enabled only while its
// button would be (the controller's can* properties) and does not repeat while held, so a key
// cannot fire a run twice; the controller refuses a second start anyway.
import QtQuick

Item {
    id: keys

    // PublishController; untyped: the Quick tests hand in a stand-in written in QML.
    required property var publishController
    required property var tabs       // the TabBar: Publish, Hosts, Log
    // Runs before validate and publish from a key, which leaves the focus where it was (the
    // comment box sends its text when it loses the focus; a key does not take it).
    signal beforeRun()

    Shortcut {
        objectName: "resetShortcut"
        sequence: "Ctrl+R"
        autoRepeat: false
        enabled: keys.publishController.canReset
        onActivated: keys.publishController.reset()
    }
    Shortcut {
        objectName: "validateShortcut"
        sequence: "Ctrl+Shift+V"
        autoRepeat: false
        enabled: keys.publishController.canValidate
        onActivated: {
            keys.beforeRun()
            keys.publishController.validate()
        }
    }
    Shortcut {
        objectName: "publishShortcut"
        sequence: "Ctrl+P"
        autoRepeat: false
        enabled: keys.publishController.canPublish
        onActivated: {
            keys.beforeRun()
            keys.publishController.publish()
        }
    }
    Shortcut {
        objectName: "stopShortcut"
        sequence: "Ctrl+."
        autoRepeat: false
        enabled: keys.publishController.canStop
        onActivated: keys.publishController.stop()
    }
    Repeater {
        model: 3
        Item {
            id: tabKey
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (tabKey.index + 1)
                autoRepeat: false
                onActivated: keys.tabs.currentIndex = tabKey.index
            }
        }
    }
}
