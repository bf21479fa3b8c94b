// The detail page of one plug-in or instance (details: ItemDetails, which computes everything):
// documentation, path, families, order, state, how long it ran, an instance's comment, its
// errors (file, line, function, and the line of source when the file is readable) and its log
// records. Web addresses in the documentation, errors and records open in the browser. Back or
// Escape closes it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Pane {
    id: page

    required property ItemDetails details

    padding: 0

    // A list property's items, comma separated. Untyped: Qt 6.4's qmllint does not know a
    // QStringList is a JavaScript array (join).
    function joined(list) { return list.join(", ") }

    // Opens an activated link (LinkLabel); tests hand in their own.
    property var openLink: function(url) { Qt.openUrlExternally(url) }

    function levelColor(band) {
        return band === "critical" || band === "error" ? Theme.error
             : band === "warning" ? Theme.warning
             : band === "debug" ? Theme.mutedText : Theme.text
    }

    Shortcut {
        sequence: "Esc"
        enabled: page.visible && page.details.open
        onActivated: page.details.close()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                anchors.rightMargin: 8
                spacing: 6
                ToolButton {
                    objectName: "backButton"
                    text: qsTr("\u2039 Back")
                    onClicked: page.details.close()
                }
                ItemStateMark { itemState: page.details.itemState }
                Label {
                    objectName: "detailsTitle"
                    Layout.fillWidth: true
                    text: page.details.title
                    textFormat: Text.PlainText
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    text: page.details.itemState
                    color: Theme.mutedText
                }
            }
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth
                spacing: 8

                Item { implicitHeight: 2 }

                // Facts: a two-column grid that wraps its values.
                GridLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: 10
                    Layout.rightMargin: 10
                    columns: 2
                    columnSpacing: 10
                    rowSpacing: 3

                    Label { text: qsTr("Name"); color: Theme.mutedText }
                    Label {
                        Layout.fillWidth: true
                        text: page.details.name
                        textFormat: Text.PlainText
                        wrapMode: Text.WrapAnywhere
                    }
                    Label { text: qsTr("Kind"); color: Theme.mutedText }
                    Label {
                        Layout.fillWidth: true
                        text: page.details.kind === "plugin" ? qsTr("plug-in") : qsTr("instance")
                    }
                    Label { visible: page.details.orderText !== ""; text: qsTr("Order"); color: Theme.mutedText }
                    Label {
                        visible: page.details.orderText !== ""
                        Layout.fillWidth: true
                        text: page.details.orderText
                    }
                    Label { text: qsTr("Families"); color: Theme.mutedText }
                    Label {
                        objectName: "detailsFamilies"
                        Layout.fillWidth: true
                        text: page.details.families.length > 0 ? page.joined(page.details.families) : "\u2014"
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                    }
                    Label { visible: page.details.path !== ""; text: qsTr("Path"); color: Theme.mutedText }
                    Label {
                        objectName: "detailsPath"
                        visible: page.details.path !== ""
                        Layout.fillWidth: true
                        text: page.details.path
                        textFormat: Text.PlainText
                        wrapMode: Text.WrapAnywhere
                        font.pixelSize: 11
                    }
                    Label { text: qsTr("Time"); color: Theme.mutedText }
                    Label {
                        objectName: "detailsDuration"
                        Layout.fillWidth: true
                        text: page.details.durationText
                        wrapMode: Text.Wrap
                    }
                }

                InstanceCommentBox {
                    Layout.fillWidth: true
                    details: page.details
                }

                SectionHeader {
                    Layout.fillWidth: true
                    visible: page.details.kind === "plugin"
                    text: qsTr("Documentation")
                }
                LinkLabel {
                    objectName: "detailsDoc"
                    visible: page.details.kind === "plugin"
                    Layout.fillWidth: true
                    Layout.leftMargin: 10
                    Layout.rightMargin: 10
                    plainText: page.details.documentation !== "" ? page.details.documentation : qsTr("No documentation")
                    color: page.details.documentation !== "" ? Theme.text : Theme.mutedText
                    openLink: page.openLink
                    wrapMode: Text.Wrap
                }

                SectionHeader {
                    Layout.fillWidth: true
                    text: qsTr("Errors (%1)").arg(page.details.errors.length)
                }
                Label {
                    visible: page.details.errors.length === 0
                    Layout.leftMargin: 10
                    text: qsTr("None")
                    color: Theme.mutedText
                }
                // Repeaters sit in a Column, not straight in the layout: Qt 6.4's layouts crashed
                // rearranging delegates that a new model was replacing.
                Column {
                    Layout.fillWidth: true
                    Layout.leftMargin: 10
                    Layout.rightMargin: 10
                    spacing: 4
                    Repeater {
                        model: page.details.errors
                        delegate: ColumnLayout {
                            id: errorEntry
                            required property var modelData
                            objectName: "detailsError"
                            width: parent ? parent.width : 0
                            spacing: 0
                            LinkLabel {
                                objectName: "detailsErrorMessage"
                                Layout.fillWidth: true
                                plainText: errorEntry.modelData.message !== "" ? errorEntry.modelData.message : qsTr("failed without a message")
                                color: Theme.error
                                openLink: page.openLink
                                font.bold: true
                                wrapMode: Text.Wrap
                            }
                            Label {
                                Layout.fillWidth: true
                                text: [errorEntry.modelData.source,
                                       errorEntry.modelData.file !== "" ? errorEntry.modelData.file : "",
                                       errorEntry.modelData.line > 0 ? qsTr("line %1").arg(errorEntry.modelData.line) : "",
                                       errorEntry.modelData.function !== "" ? qsTr("in %1").arg(errorEntry.modelData.function) : ""]
                                      .filter(function(s) { return s !== "" }).join(" \u00b7 ")
                                textFormat: Text.PlainText
                                font.pixelSize: 11
                                color: Theme.mutedText
                                wrapMode: Text.WrapAnywhere
                            }
                            // The line the error points at, as the file reads now.
                            Label {
                                objectName: "detailsSourceLine"
                                Layout.fillWidth: true
                                Layout.topMargin: 2
                                visible: errorEntry.modelData.sourceLine !== ""
                                text: errorEntry.modelData.line + "  " + errorEntry.modelData.sourceLine
                                textFormat: Text.PlainText
                                font.family: "monospace"
                                font.pixelSize: 11
                                wrapMode: Text.WrapAnywhere
                                padding: 4
                                background: Rectangle { color: Theme.base; border.color: Theme.border }
                            }
                        }
                    }
                }

                SectionHeader {
                    Layout.fillWidth: true
                    text: qsTr("Log records (%1)").arg(page.details.records.length)
                }
                Label {
                    visible: page.details.records.length === 0
                    Layout.leftMargin: 10
                    text: qsTr("None")
                    color: Theme.mutedText
                }
                Column {
                    Layout.fillWidth: true
                    Layout.leftMargin: 10
                    Layout.rightMargin: 10
                    spacing: 4
                    Repeater {
                        model: page.details.records
                        delegate: RowLayout {
                            id: recordEntry
                            required property var modelData
                            objectName: "detailsRecord"
                            width: parent ? parent.width : 0
                            spacing: 6
                            Label {
                                Layout.alignment: Qt.AlignTop
                                Layout.preferredWidth: 64
                                textFormat: Text.PlainText
                                text: recordEntry.modelData.levelName
                                color: page.levelColor(recordEntry.modelData.band)
                                font.pixelSize: 11
                                font.bold: true
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                LinkLabel {
                                    objectName: "detailsRecordMessage"
                                    Layout.fillWidth: true
                                    plainText: recordEntry.modelData.message
                                    openLink: page.openLink
                                    wrapMode: Text.Wrap
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: recordEntry.modelData.source + (recordEntry.modelData.name !== "" ? " \u00b7 " + recordEntry.modelData.name : "")
                                          + (recordEntry.modelData.lineno > 0 ? " \u00b7 " + qsTr("line %1").arg(recordEntry.modelData.lineno) : "")
                                    textFormat: Text.PlainText
                                    font.pixelSize: 11
                                    color: Theme.mutedText
                                    elide: Text.ElideRight
                                }
                            }
                        }
                    }
                }
                Item { implicitHeight: 6 }
            }
        }
    }
}
