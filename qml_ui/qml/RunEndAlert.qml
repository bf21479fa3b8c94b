// A run that ends while the artist works in another window (the DCC, most often) flashes this
// window's task-bar entry (QWindow::alert) until it is activated.
import QtQuick

Item {
    id: alert

    // PublishController (runFinished). Untyped: the Quick tests hand in a stand-in.
    required property var publishController
    // The window to alert: its `active` and alert(msec). Untyped for the same reason.
    required property var alertWindow

    visible: false

    Connections {
        target: alert.publishController
        function onRunFinished() {
            if (!alert.alertWindow.active)
                alert.alertWindow.alert(0)
        }
    }
}
