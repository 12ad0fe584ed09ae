<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlarmDock</name>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline (meeting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>picture stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss &gt; 10 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open mic silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no media path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no new picture for {seconds} s on tile {tile} of page {page}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packet loss {loss} % for {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone open but silent for {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub lost for {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub {lost} lost: hub {now} took over after {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no working media path: direct, through NAT and relayed all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A chime for each new alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group for the meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge the selected alarm (your name is recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {new} new · {acked} acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting: {group} ({n} sites)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no group to meet with: make one in the Groups tab first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledging needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting or ending a meeting needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Alarms</name>
    <message>
        <source>⚠ {new} new · {acked} ack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>picture stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>online, picture stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hand raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>province or district office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} · click to see it on the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sites online: 0 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none ever joined</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>National: {online} / {total} sites online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group: {n} picked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group: picked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a province to see its sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hand up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hands up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {online} / {total} online</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>Connected to hub {hub} as {operator}, role: {role}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This address cannot be used: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name not found (DNS): no computer is called that. Check the spelling of the hub&apos;s name. ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection refused: the computer answers, but no hub listens on that port. Is the hub running, and is the port right? ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub cannot be reached: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate is self-signed: give it (or its CA) as the CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate is for another name than the one in the address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate is not valid yet (check this computer&apos;s clock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate is not signed by a CA this console trusts: give the CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secure connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the hub&apos;s certificate was refused: {why} ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate: {certificate}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something answered at this address, but not an opsconsole hub ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol version mismatch: the hub speaks version {hub}, this console version {ours}. Update the older of the two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub answers. Enter a token to check it too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token refused: the hub does not accept this token (closed with code {code}: {detail}). Ask an administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refuses this computer for a while after too many wrong tokens ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>while connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after the token was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout: no answer from the hub {stage} ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Group: this province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group of every site of the open province (Groups tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group of the sites picked with Ctrl+click (Shift+click: a run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SAMPLE DATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this indicator as a tile on the video wall (the focus tile of this page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new group&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>codes: 79, 80</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>province codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The directory&apos;s search results (Ctrl+K) make the group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From provinces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every site of the provinces whose codes are typed beside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page the wall through the group&apos;s sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll-call…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is present and absent now, as a CSV file for the minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the group on the room&apos;s big screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or on the board (B): a province, or sites picked with Ctrl+click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● REC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting minutes (HTML or CSV): who was present, who spoke, who was muted and by whom, recordings, alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recordings older than this are deleted (0 keeps them all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep recordings for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot play: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room wall layout</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Province (click: its trend; the directory shows it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value, latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change since the point before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level against the indicator&apos;s thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning threshold reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alert threshold reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CURRENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STALE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WAITING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source answers, but its data is {age} min old (more than {limit} min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>malformed payload at {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source cannot be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data&apos;s own time: {time} (fetched {ago})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>showing the data of {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{line} (via redirect to {via})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}
source: {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>publisher: {publisher}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{province}: no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{s} s ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataTiles</name>
    <message>
        <source>Data · {indicator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data · indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No indicator {ident}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ STALE — {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provinces to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>indicators</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>Mon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dec</source>
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
    <name>EventLog</name>
    <message>
        <source>the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>joined {hub} as {operator} ({role}) · renderer: {renderer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm {alarm} not raised: the hub refused it: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm {alarm} not cleared: the hub refused it: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarms: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm acknowledged: {alarm}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm {alarm}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledge: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting: {group} ({n} sites)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow speaker: {site} to tile {tile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: {action} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: talk started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: talk ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>program feed: {video} + {audio}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>camera {device}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone {device}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>camera {device} stopped ({detail}): showing the test card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone {device} stopped ({detail}): sending the test tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>camera {device} did not open ({detail}): showing the test card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone {device} did not open ({detail}): sending the test tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muting needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: this console&apos;s role ({role}) may not; it needs the {needed} role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator}: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: refused: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: {n} failed ({names})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spot-inspect: {site} in tile {tile} of page {page} · Backspace undoes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mute {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unmute {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>talk with {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end the talk with {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer {site}&apos;s hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant {site}&apos;s hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dismiss {site}&apos;s hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh picture of {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>solo {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>directory: {site} lists its {n} sites (a {level} does not join itself)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mute all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mute all ({n} open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} sites back at the hub so far; the others are logged as they rejoin it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} sites online when this console joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names} and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} sites joined: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} sites left: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} is online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} raises its hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: full frame rate again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: key frames only (the console is short of CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: {fps} frames a second (the console is short of CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: its link cannot carry a picture now, only its sound (loss {loss} %, {kbps} kbps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site}: its link carries up to {w}×{h} now (loss {loss} %, jitter {jitter} ms, {kbps} kbps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost the hub: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group {group} made: {n} sites ({rule})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tour: the wall pages through group {group} ({n} sites, a page every {s} s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tour of group {group} stopped: the wall shows its own sites again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room wall: group {group} ({n} sites)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roll-call {summary} · written to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub refused this console: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub {lost} lost: now on hub {now}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hub connected again; {kept} sites played on without it, the others are being joined again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>media worker lost: {reason}; restarting it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>media worker restarted, but: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>media worker restarted; {n} sites subscribed again in {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot make the recordings folder {folder}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator}: record {site} into {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording {site}: the site shows that it is recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording {site}, but {warning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record {site}: not recorded: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator}: stop recording {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop recording: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bookmark {site} at {s} s: {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bookmark: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording of {site} ended: {s} s, {frames} frames — {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording of {site} ended: {s} s, {frames} frames in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator}: exported the recording of {site} to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator}: deleted the recording of {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retention: deleted {n} recording(s) older than {days} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting minutes written to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting minutes not written: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room wall: the hub&apos;s state is unusable ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room wall: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room wall: {what}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} on tile {tile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>focus tile {tile}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layout {layout}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{site} on the big tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data source {source}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data source {source}: current again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <source>type a search in the directory first (Ctrl+K): its results make the group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>search: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing matches {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>province codes are numbers (such as 79, 80), not {typed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type one or more province codes (such as 79, 80)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pick sites on the board first (Ctrl+click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} picked at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the group would be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group {group}: {n} sites ({rule})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this console shows the room wall as the hub has it: tour a group from a desk (Room wall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group {group} has no sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>touring {group} · Stop tour (or the toolbar&apos;s Tour) shows the wall&apos;s own sites again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tour of {group} stopped: the wall shows its own sites again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending to the room wall needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the room wall shows {group} ({layout}, touring)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the room wall shows {group} ({layout})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roll-call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{group}: {present} present, {absent} absent at {at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group {group} deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll-call of {group}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provinces {codes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sites picked on the board ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>search {text} (top {n})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupsPanel</name>
    <message>
        <source>Delete group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the group “{group}” ({n} sites)? Its sites stay in the directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop touring {group}: the wall shows its own sites again</source>
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
        <source>⛔ The hub refused this console: ask for a new token, then start the console again. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ The media worker stopped: starting it again; the tiles come back in a few seconds. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Hub connected again: the wall is rejoining its sites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Hub {lost} lost: now on hub {now}; the wall is rejoining its sites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Media worker running again: the wall is rejoining its sites.</source>
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
        <source>⚠ Hub lost: {doing} (attempt {attempt}) — live tiles play on; mutes, talk and tiles that were not live wait for it. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkPlots</name>
    <message>
        <source>Bitrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round trip</source>
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
        <source>numpy (software)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operations console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys of the wall</source>
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
        <source>● {live} / {total} sites online</source>
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
    <message>
        <source>room wall “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{operator} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MinutesDialog</name>
    <message>
        <source>Meeting minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File (.html, .csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written to: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes</source>
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
    <name>QDockWidget</name>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closes the dock widget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undocks and re-attaches the dock widget</source>
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
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>cannot reach the hub at {address}: nothing answers there (the connection was refused; is the hub running, on that port?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: no computer has that name (check its spelling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: its certificate was not accepted (TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>something answers at {address}, but not as an opsconsole hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: the network failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to the hub is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub closed the connection (code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this console is not connected to a hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub did not answer this console&apos;s greeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub did not answer within {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the media worker ended (exit code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the media worker refused to start: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the media connection failed (ICE or DTLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the site closed the media connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no media path to the site (NAT, firewall or relay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the site&apos;s answer could not be applied: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this console&apos;s role may not do that: it needs the {needed} role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wall {wall} is locked by {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no site {site} in the hub&apos;s directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the site {site} is not online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no active site {site}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this console&apos;s operator token was revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hub does not accept this console&apos;s token (wrong or revoked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no alarm {alarm}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm {alarm} is closed (its condition cleared at {at})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no active province with code {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no group named {group}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm {alarm} was already acknowledged by {operator} at {at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no province {province} on the board (it holds {known} provinces; codes such as {examples})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a group {group} exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the group {group} would be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a group needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown sites: {sites}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected the hub&apos;s address like {example}, got {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{text}: plain http is allowed only to this machine; a hub on {host} needs https:// (wss://), so that tokens and signaling are encrypted and the hub is verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a CA file is for a hub reached over https</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Recordings</name>
    <message>
        <source>Bookmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note at {s} s:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the recording of {site} ({started})?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Renderer</name>
    <message>
        <source>numpy: forced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>numpy: asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>numpy: {description} rasterizes on the CPU, where the numpy canvas costs less ({variable}=gl to use it anyway)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>numpy: OpenGL unavailable: {description}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomAudio</name>
    <message>
        <source>sound on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no sound output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no audio output device: the room mix is not played (meters still work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{device} cannot play {rate} Hz 16-bit {channels}-channel audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{device}: cannot start playback ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room audio stopped: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomWallMap</name>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a site on a tile to show it on the room&apos;s screen; click a tile to focus it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last change by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not changed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · locked by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room wall · {layout} · {changed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the room wall needs the {needed} role (this console: {role})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The desktop keyring failed ({error}); the token is kept in {file}, readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is kept in the desktop keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No desktop keyring on this computer: the token is kept in {file}, readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to this demo&apos;s embedded hub ({url}) as {operator}, role: {role}. It is not saved: the hub address below is the one `opsconsole console` uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to {url} as {operator}, role: {role}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old settings file had problems; it is kept as {kept}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings ({keys})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>the file cannot be read ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is far too large to be settings ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is not text ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is not valid JSON ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file holds a {detail}, not settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown setting &quot;{field}&quot; (ignored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;{field}&quot; has a value of the wrong type: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;{field}&quot; has a value that is not allowed: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file {path} has problems; defaults are used instead:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file as it was is kept in {kept}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This console has no hub yet. Enter the hub&apos;s address and your token (from an administrator), test them, then connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file (PEM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ot_… (from an administrator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (OpenGL when it works)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenGL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Software (numpy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the console window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen {n}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen {n} (not connected now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{device} (not connected now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall renderer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language, renderer, wall screen and hub take effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing {url} …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the hub&apos;s address first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
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
        <source>NO MEDIA PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUDIO ONLY (LINK)</source>
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
        <source>direct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>through NAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relayed (UDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relayed (TCP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relayed (TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>via the SFU, forwarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>via the SFU, WebRTC</source>
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
        <source>GSO code</source>
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
        <source>REDUCED: CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
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
        <source>NO MEDIA PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUDIO ONLY</source>
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
    <message>
        <source>No media path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio only (link)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No site online yet · Ctrl+K finds any commune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The room wall is empty · a desk sends a site here with W</source>
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
        <source>Stop the group&apos;s tour: the wall shows its own sites again</source>
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
        <source>{what}: {site}, the site you chose, is not on the screen now — nothing done; choose a tile</source>
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
        <source>click ignored: the page turned under it (tile {tile} shows {site} now)</source>
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
