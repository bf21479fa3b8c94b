// The Publish tab: the instances and the plug-ins, the detail page of a row, and a plug-in's menu
// of actions and repair (entries from PublishController.menuOf(row), enabled while canAct).
// Narrow (pyblish's 430 px): instances above plug-ins, each half of the height, and the detail
// page in their place while it is open. Wide (900 px and more): instances, plug-ins and the
// detail page side by side. Above the lists, the comment box: its text goes to the host when
// editing finishes (commitComment()).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

Item {
    id: page

    // PublishController; untyped: the Quick tests hand in a stand-in written in QML.
    required property var publisher
    required property InstanceModel instances
    required property PluginModel plugins
    required property ItemDetails details

    // The comment box's text to the controller (also before a shortcut runs validate/publish,
    // which does not take the focus from the box).
    function commitComment() { page.publisher.setComment(commentField.text) }

    readonly property bool wide: width >= 900

    // The first failed validation into view (it may sit below the fold), made the current rows.
    Connections {
        target: page.publisher
        ignoreUnknownSignals: true  // a stand-in publisher of the Quick tests may not have it
        function onFailureToShow(pluginRow, instanceRow) {
            if (pluginRow >= 0) {
                pluginsView.currentIndex = pluginRow
                pluginsView.positionViewAtIndex(pluginRow, ListView.Contain)
            }
            if (instanceRow >= 0) {
                instancesView.currentIndex = instanceRow
                instancesView.positionViewAtIndex(instanceRow, ListView.Contain)
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            spacing: 0
            visible: page.wide || !page.details.open

            TextField {
                id: commentField
                objectName: "commentField"
                Layout.fillWidth: true
                Layout.margins: 4
                placeholderText: qsTr("Comment for this publish")
                selectByMouse: true
                enabled: !page.publisher.running
                onEditingFinished: page.commitComment()
            }
            GridLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                columns: page.wide ? 3 : 1
                rowSpacing: 0
                columnSpacing: 0

                InstancesView {
                    id: instancesView
                    objectName: "instancesView"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredHeight: 1
                    Layout.preferredWidth: 1
                    model: page.instances
                    live: page.publisher.live
                    onDetailsRequested: function(row) { page.details.showInstance(row) }
                }
                Rectangle {
                    Layout.fillWidth: !page.wide
                    Layout.fillHeight: page.wide
                    implicitWidth: 1
                    implicitHeight: 1
                    color: Theme.border
                }
                PluginsView {
                    id: pluginsView
                    objectName: "pluginsView"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredHeight: 1
                    Layout.preferredWidth: 1
                    model: page.plugins
                    live: page.publisher.live
                    onDetailsRequested: function(row) { page.details.showPlugin(row) }
                    onMenuRequested: function(row, anchor) { actionMenu.openFor(row, anchor) }
                }
            }
        }

        Rectangle {
            visible: page.wide
            Layout.fillHeight: true
            implicitWidth: 1
            color: Theme.border
        }
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            visible: page.wide || page.details.open

            DetailsPage {
                objectName: "detailsPage"
                anchors.fill: parent
                visible: page.details.open
                details: page.details
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 20
                visible: !page.details.open
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Click a plug-in or an instance for its documentation, errors, log records and times")
                color: Theme.mutedText
            }
        }
    }

    Menu {
        id: actionMenu
        objectName: "actionMenu"

        // Built afresh on each opening: the entries follow the plug-in's state.
        function openFor(row, anchor) {
            while (count > 0)
                takeItem(0).destroy()
            var entries = page.publisher.menuOf(row)
            for (var i = 0; i < entries.length; ++i) {
                if (entries[i].kind === "separator")
                    addItem(separatorEntry.createObject(null))
                else
                    addItem(menuEntry.createObject(null, {entry: entries[i], row: row}))
            }
            if (entries.length === 0)
                addItem(menuEntry.createObject(null, {entry: {kind: "category", id: "", label: qsTr("No actions now")}, row: row}))
            popup(anchor, 0, anchor.height)
        }
    }
    Component {
        id: menuEntry
        MenuItem {
            property var entry
            property int row
            objectName: "menu:" + (entry.kind === "repair" ? "repair" : entry.id)
            text: entry.label
            // A category is a heading, not a choice.
            enabled: entry.kind !== "category" && page.publisher.canAct
            font.bold: entry.kind === "category"
            onTriggered: {
                if (entry.kind === "repair")
                    page.publisher.repair(row)
                else
                    page.publisher.runAction(row, entry.id)
            }
        }
    }
    Component {
        id: separatorEntry
        MenuSeparator {}
    }
}
