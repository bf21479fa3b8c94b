// The UI's one window. Views only: every value comes from the C++ controller (WindowController)
// and the hosts model (HostRegistry), handed in as required properties by main.cpp.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window

    required property var controller   // WindowController
    required property var hosts         // HostRegistry

    title: controller.title
    visible: controller.visible
    minimumWidth: 320
    minimumHeight: 240

    // Size and position are applied when the controller asks (show's settings), not bound:
    // the artist may resize the window in between.
    function applyGeometry() {
        width = controller.size.width
        height = controller.size.height
        if (controller.hasPosition) {
            x = controller.position.x
            y = controller.position.y
        }
    }
    Component.onCompleted: applyGeometry()

    Connections {
        target: window.controller
        function onGeometryRequested() { window.applyGeometry() }
        function onRaiseRequested() {
            // The offscreen platform (tests, screenshots) has no stacking and warns on raise().
            if (Qt.platform.pluginName === "offscreen")
                return
            window.raise()
            window.requestActivate()
        }
    }

    // Closing only hides: the process keeps serving until a host (or a signal) quits it.
    onClosing: function(close) { controller.windowClosed() }

    header: CurrentHostPane {
        contextLabel: window.controller.contextLabel
        currentPort: window.hosts.currentPort
        currentState: window.hosts.currentState
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        Label {
            text: qsTr("Hosts that have called (%1)").arg(window.hosts.count)
            font.bold: true
        }
        HostsView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: window.hosts
        }
    }

    footer: StatusLine {
        statusText: window.controller.statusText
        serverUrl: window.controller.serverUrl
    }
}
