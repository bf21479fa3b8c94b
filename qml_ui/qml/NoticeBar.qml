// A host's notice for the artist (NoticeCenter), above the views until dismissed; further
// notices wait behind it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Pane {
    id: bar

    required property NoticeCenter notices

    visible: notices.hasNotice
    padding: 8
    background: Rectangle {
        color: bar.notices.noticeLevel === "error" ? Theme.noticeError
             : bar.notices.noticeLevel === "warning" ? Theme.noticeWarning : Theme.noticeInfo
        border.color: bar.notices.noticeLevel === "error" ? Theme.stateFailed
                    : bar.notices.noticeLevel === "warning" ? Theme.stateWarning : Theme.stateProcessing
    }

    RowLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            objectName: "noticeText"
            Layout.fillWidth: true
            // A host's words are text, never markup (no images fetched, "<none>" shown as is).
            // Level in words too, not by colour alone.
            text: "<b>" + TextLinks.escaped(bar.notices.noticeTitle !== "" ? bar.notices.noticeTitle : bar.notices.noticeLevel) + "</b> "
                  + TextLinks.escaped(bar.notices.noticeMessage)
                  + (bar.notices.pendingNotices > 1 ? qsTr("  (%1 more)").arg(bar.notices.pendingNotices - 1) : "")
            textFormat: Text.StyledText
            color: Theme.text
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        Button {
            objectName: "dismissNotice"
            text: qsTr("Dismiss")
            onClicked: bar.notices.dismissNotice()
        }
    }
}
