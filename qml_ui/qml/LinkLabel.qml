// A host's plain text (documentation, an error, a log record) with its web addresses as links
// that open in the browser. The text is escaped before any markup is made (TextLinks), so what
// a host sent never becomes markup; a text without an address stays plain text.
import QtQuick
import QtQuick.Controls
import HostBridge.Core

Label {
    id: label

    property string plainText
    // Opens an activated link; the detail page and the log pass theirs down, tests their own.
    property var openLink: function(url) { Qt.openUrlExternally(url) }

    readonly property string linked: TextLinks.html(plainText)

    text: linked !== "" ? linked : plainText
    textFormat: linked !== "" ? Text.StyledText : Text.PlainText
    linkColor: Theme.link
    // No hover handler for a hand cursor: the log makes one of these per line, and an object
    // per line costs more than the cue is worth (links are coloured and underlined).
    onLinkActivated: function(link) { label.openLink(link) }
}
