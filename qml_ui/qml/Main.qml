// The UI's one window. Views only: every value comes from the C++ controllers (WindowController,
// PublishController) and models (HostRegistry, InstanceModel, PluginModel), handed in as
// required properties by main.cpp.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

ApplicationWindow {
    id: window

    required property WindowController controller
    required property HostRegistry hosts
    required property HostsController hostsController
    required property PublishController publishController
    required property InstanceModel instances
    required property PluginModel plugins
    required property ItemDetails details     // the detail page of a row
    required property RunLogFilter runLog     // the Log tab
    required property NoticeCenter notices    // a host's notices and questions
    required property UiFunctions uiFunctions // functions this window serves (below)

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
    Component.onCompleted: {
        applyGeometry()
        registerFunctions()
    }

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

    // Closing only hides: the process keeps serving until a host (or a signal) quits it. During
    // a run the artist is asked first (closeDialog).
    onClosing: function(close) {
        if (closeDialog.holdsClose()) {
            close.accepted = false
            return
        }
        controller.windowClosed()
    }
    CloseDuringRunDialog {
        id: closeDialog
        objectName: "closeDialog"
        publishController: window.publishController
        onCloseConfirmed: window.controller.windowClosed()
    }
    RunEndAlert {
        publishController: window.publishController
        alertWindow: window
    }

    header: CurrentHostPane {
        contextLabel: window.controller.contextLabel
        currentPort: window.hosts.currentPort
        currentState: window.hosts.currentState
        currentDetail: window.hosts.currentDetail
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        NoticeBar {
            Layout.fillWidth: true
            notices: window.notices
        }
        TabBar {
            id: tabs
            objectName: "tabs"
            Layout.fillWidth: true
            TabButton { text: qsTr("Publish") }
            TabButton { text: qsTr("Hosts (%1)").arg(window.hosts.count) }
            TabButton { text: qsTr("Log") }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            PublishPage {
                id: publishPage
                publishController: window.publishController
                instances: window.instances
                plugins: window.plugins
                details: window.details
            }
            HostsView {
                objectName: "hostsView"
                model: window.hosts
                hostsController: window.hostsController
                publishController: window.publishController
            }
            LogView {
                objectName: "logView"
                log: window.runLog
            }
        }
        PublishFooter {
            Layout.fillWidth: true
            publishController: window.publishController
        }
    }

    QuestionDialog {
        notices: window.notices
    }

    // A function of the window's own, registered the way any QML component registers one
    // (docs/ui.md, "Your own functions"): scripts and tests pick the view a screenshot shows.
    function registerFunctions() {
        window.uiFunctions.registerFunction("ui.showView",
            "ui.showView(name): shows the view \"publish\", \"hosts\" or \"log\"; returns true, or false for another name.",
            function(name) {
                const index = ["publish", "hosts", "log"].indexOf(name)
                if (index < 0)
                    return false
                tabs.currentIndex = index
                return true
            })
    }

    PublishShortcuts {
        publishController: window.publishController
        tabs: tabs
        onBeforeRun: publishPage.commitComment()
    }

    footer: StatusLine {
        statusText: window.controller.statusText
        serverUrl: window.controller.serverUrl
    }
}
