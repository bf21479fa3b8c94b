// A host's question for the artist (NoticeCenter): one button per choice, the default one
// highlighted; when its time runs out, the host gets the default, as the countdown says.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Popup {
    id: dialog

    required property NoticeCenter notices

    visible: notices.hasQuestion
    modal: true
    closePolicy: Popup.NoAutoClose  // only a choice (or the deadline) closes it
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 32 : 400, 480)
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        spacing: 12
        Label {
            objectName: "questionText"
            Layout.fillWidth: true
            text: dialog.notices.questionText
            textFormat: Text.PlainText  // the host's words
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("\"%1\" in %2 s if you do not choose").arg(dialog.notices.questionDefault)
                  .arg(dialog.notices.questionSecondsLeft)
            textFormat: Text.PlainText
            color: Theme.mutedText
            wrapMode: Text.Wrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: 6
            Repeater {
                model: dialog.notices.questionChoices
                delegate: Button {
                    required property string modelData
                    objectName: "choice_" + modelData
                    text: modelData
                    highlighted: modelData === dialog.notices.questionDefault
                    onClicked: dialog.notices.answer(modelData)
                }
            }
        }
    }
}
