// A comment of several lines (the publish's, or an instance's): Enter starts a new line; the
// text is handed on (committed) when editing ends (the focus leaves it) or on Ctrl+Enter. It
// shows `comment` (what the controller holds) whenever that changes.
import QtQuick
import QtQuick.Controls

ScrollView {
    id: box

    property string comment
    property alias placeholderText: area.placeholderText
    property alias text: area.text
    property int visibleLines: 3  // it grows up to this many lines, then scrolls
    signal committed(string text)

    implicitHeight: Math.min(area.implicitHeight,
                             area.topPadding + area.bottomPadding + visibleLines * fontMetrics.height)
    FontMetrics {
        id: fontMetrics
        font: area.font
    }

    TextArea {
        id: area
        objectName: box.objectName + "Area"
        text: box.comment
        wrapMode: TextEdit.Wrap
        selectByMouse: true
        onEditingFinished: box.committed(text)
        Keys.onPressed: function(event) {
            if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter) && (event.modifiers & Qt.ControlModifier)) {
                box.committed(text)
                event.accepted = true
            }
        }
    }
}
