// An instance's comment on its detail page (details: ItemDetails): the host's data "comment"
// until the artist writes one; it goes to the instance (and with the next emit to the host) when
// editing ends. Not shown for plug-ins and the context (the context's is the publish's comment).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

ColumnLayout {
    id: box
    required property ItemDetails details

    visible: details.commentable
    spacing: 4

    SectionHeader {
        Layout.fillWidth: true
        text: qsTr("Comment")
    }
    CommentArea {
        objectName: "instanceComment"
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        comment: box.details.comment
        placeholderText: qsTr("Comment for this instance")
        onCommitted: function(text) { box.details.setComment(text) }
    }
}
