// Asked when the artist closes the window while a run goes on: closing only hides the window,
// and the run would go on out of sight. Stop it (after the plug-in in flight) and close, close
// and let it run, or keep the window.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Popup {
    id: dialog

    // PublishController: running, canStop, stop(). Untyped: the Quick tests hand in a stand-in.
    required property var publishController
    // The artist chose to close: the window hides.
    signal closeConfirmed()

    // For the window's onClosing: true when the close must wait for the artist's choice (a run
    // goes on; the dialog is open then).
    function holdsClose() {
        if (!dialog.publishController.running)
            return false
        open()
        return true
    }

    modal: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 32 : 400, 420)
    padding: 16
    background: Rectangle { color: Theme.window; border.color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12
        Label {
            objectName: "closeQuestion"
            Layout.fillWidth: true
            // The run may end while the dialog asks.
            text: dialog.publishController.running ? qsTr("A run is going on. Close the window anyway?")
                                           : qsTr("The run has ended. Close the window?")
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Closing only hides the window: a run left going on ends out of sight.")
            color: Theme.mutedText
            wrapMode: Text.Wrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: 6
            Button {
                objectName: "stopAndClose"
                text: qsTr("Stop the run and close")
                visible: dialog.publishController.canStop
                onClicked: {
                    dialog.publishController.stop()
                    dialog.close()
                    dialog.closeConfirmed()
                }
            }
            Button {
                objectName: "closeAndLetRun"
                text: qsTr("Close, let it run")
                onClicked: {
                    dialog.close()
                    dialog.closeConfirmed()
                }
            }
            Button {
                objectName: "keepWindow"
                text: qsTr("Keep the window")
                highlighted: true
                onClicked: dialog.close()
            }
        }
    }
}
