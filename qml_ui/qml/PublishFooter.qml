// The run controls: status line, progress (done / total) and Reset / Validate / Publish / Stop.
// Buttons follow the controller's can* properties, so nothing can be fired twice.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Pane {
    id: footer
    // PublishController; untyped: the Quick tests hand in a stand-in written in QML.
    required property var publishController

    padding: 6
    background: Rectangle { color: Theme.window; border.color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        spacing: 4

        Label {
            objectName: "statusLine"
            Layout.fillWidth: true
            text: footer.publishController.statusText
            textFormat: Text.PlainText  // holds the host's messages
            color: footer.publishController.hasError ? Theme.error : Theme.text
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            ProgressBar {
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, footer.publishController.progressTotal)
                value: footer.publishController.progressDone
            }
            Label {
                text: qsTr("%1 / %2").arg(footer.publishController.progressDone).arg(footer.publishController.progressTotal)
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 4
            Button {
                objectName: "resetButton"
                Layout.fillWidth: true
                text: qsTr("Reset")
                enabled: footer.publishController.canReset
                onClicked: footer.publishController.reset()
            }
            Button {
                objectName: "validateButton"
                Layout.fillWidth: true
                text: qsTr("Validate")
                enabled: footer.publishController.canValidate
                onClicked: footer.publishController.validate()
            }
            Button {
                objectName: "publishButton"
                Layout.fillWidth: true
                text: qsTr("Publish")
                enabled: footer.publishController.canPublish
                onClicked: footer.publishController.publish()
            }
            Button {
                objectName: "stopButton"
                Layout.fillWidth: true
                text: qsTr("Stop")
                enabled: footer.publishController.canStop
                onClicked: footer.publishController.stop()
            }
        }
    }
}
