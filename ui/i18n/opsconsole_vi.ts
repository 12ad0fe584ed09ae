<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AudioBar</name>
    <message>
        <source>Follow speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus whoever speaks (at most one change every 2 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room volume: the mix of open microphones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>talking with {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} mic open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} mics open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} hand up: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} hands up: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close every open microphone (Shift+M)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Board</name>
    <message>
        <source>click a province: its sites · click a site: see it on the wall · Ctrl+click: pick sites for a group · Shift+click: a run of them · B: back to the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The national picture in the wall&apos;s place (B); again: the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>board: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>board: {name} is a {level} and not online: nothing to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National {online} / {total} online</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DirectoryPanel</name>
    <message>
        <source>Find a commune, ward… (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close: “{found}” (no “{typed}”) — Enter to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} results, then close spellings — Enter to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} results — Enter to open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing matches “{typed}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {n} · {online} online — Enter opens · Esc back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {online} online</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc, F1, ? or a click closes this list. The wall&apos;s keys work anywhere except while typing in the search box.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HubBanner</name>
    <message>
        <source>⛔ The hub refused this console: {reason}. Ask for a new token, then start the console again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Hub connected again: the wall is rejoining its sites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting in {s} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Hub lost: {doing} (attempt {attempt}) — tiles are not live until it is back. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SAMPLE DATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {n} more online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● {live} / {total} sites live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU {percent} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renderer: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⌨ keys: search box (Esc gives them back to the wall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⌨ keys: wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no screen {index}: {count} screen(s) attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video wall</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresetMenu</name>
    <message>
        <source>Layouts ▾</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the wall as a named layout, or bring one back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layouts: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layout {name} saved ({layout}, {n} sites)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layout {name} brought back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layout {name} deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the wall&apos;s layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the wall as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Save As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>the national board in the wall&apos;s place, and back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find a site (Esc gives the keys back to the wall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this list of keys (Esc closes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>select a tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>move the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the selected tile fills the wall, and back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave the full-wall tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undo the last drop, spot-inspect or pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pin the tile&apos;s site to every page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mute all sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mute or unmute the selected site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>talk with the selected site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>send the selected site to the room wall</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SitePanel</name>
    <message>
        <source>province or city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commune or ward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NEVER JOINED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT SEEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STALE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RECONNECTING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RETIRED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PROVINCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DISTRICT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMUNE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a few letters of any commune in the search box (Ctrl+K), or click a tile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MUTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MIC OPEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its communes join, not the {level}: Enter in the directory lists them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · delay {ms} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} · {fps} fps · {kbps} kbps · loss {loss} % · RTT {rtt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>■ Stop recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Record</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SitePanelForm</name>
    <message>
        <source>title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GSO code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring this site into the focus tile (Enter in the search)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this site sending audio (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the site for a keyframe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-way with this site: it is heard in the room and hears the presenter; every other site hears both in the program feed (T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this site&apos;s microphone and mute every other one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The site raised its hand: open its microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lower the site&apos;s hand without opening its microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record this site&apos;s picture and sound into a WebM file (as received, not re-encoded); the site is told it is recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmark…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note at this moment of the recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TileOverlay</name>
    <message>
        <source>HAND RAISED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HAND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TALKING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TALK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STALE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RECONNECTING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NEVER JOINED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for video…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never joined</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>The {language} translation is missing ({path}): the console is in English.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallToolbar</name>
    <message>
        <source>page {page} / {pages}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall layout: grids and focus layouts (the big tile is the focus tile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page (Space, Page Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle the wall&apos;s sites, a page every {s} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fullscreen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The focused tile fills the wall (Enter, F)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>M (mute)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T (talk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W (send to the room wall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: no site selected — click a tile or press 1–9 first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: {site} is not online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>back: nothing to undo (spot-inspects, drops and pins are undone here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>back: tile {tile} (page {page}) shows {site} again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> instead of {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; not brought back (offline): {sites}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pin: tile {tile} is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pinned {site} to tile {tile} on every page (P again unpins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tile {tile} unpinned: it pages again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drop: {site} on tile {tile} (page {page} only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, in place of {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Backspace undoes it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
