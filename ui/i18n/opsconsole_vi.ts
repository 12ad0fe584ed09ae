<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AlarmDock</name>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Điểm cầu</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Từ lúc</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>Người xác nhận</translation>
    </message>
    <message>
        <source>offline (meeting)</source>
        <translation>ngoại tuyến (cuộc họp)</translation>
    </message>
    <message>
        <source>picture stalled</source>
        <translation>hình bị đứng</translation>
    </message>
    <message>
        <source>loss &gt; 10 %</source>
        <translation>mất gói &gt; 10 %</translation>
    </message>
    <message>
        <source>open mic silent</source>
        <translation>micrô mở nhưng im lặng</translation>
    </message>
    <message>
        <source>hub lost</source>
        <translation>mất kết nối hub</translation>
    </message>
    <message>
        <source>hub failover</source>
        <translation>chuyển hub dự phòng</translation>
    </message>
    <message>
        <source>no media path</source>
        <translation>không có đường truyền</translation>
    </message>
    <message>
        <source>no new picture for {seconds} s on tile {tile} of page {page}</source>
        <translation>không có hình mới trong {seconds} s ở ô {tile}, trang {page}</translation>
    </message>
    <message>
        <source>packet loss {loss} % for {seconds} s</source>
        <translation>mất gói {loss} % trong {seconds} s</translation>
    </message>
    <message>
        <source>microphone open but silent for {seconds} s</source>
        <translation>micrô mở nhưng im lặng {seconds} s</translation>
    </message>
    <message>
        <source>hub lost for {seconds} s</source>
        <translation>mất kết nối hub {seconds} s</translation>
    </message>
    <message>
        <source>hub {lost} lost: hub {now} took over after {seconds} s</source>
        <translation>mất hub {lost}: hub {now} đã tiếp quản sau {seconds} s</translation>
    </message>
    <message>
        <source>no working media path: direct, through NAT and relayed all failed</source>
        <translation>không có đường truyền hình ảnh: trực tiếp, qua NAT và qua máy chuyển tiếp đều không được</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>đã ngắt kết nối</translation>
    </message>
    <message>
        <source>stopped answering</source>
        <translation>không còn phản hồi</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Âm báo</translation>
    </message>
    <message>
        <source>A chime for each new alarm</source>
        <translation>Một tiếng chuông cho mỗi cảnh báo mới</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Group for the meeting</source>
        <translation>Nhóm cho cuộc họp</translation>
    </message>
    <message>
        <source>Acknowledge the selected alarm (your name is recorded)</source>
        <translation>Xác nhận cảnh báo đang chọn (tên của bạn được ghi lại)</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>⚠ {new} new · {acked} acknowledged</source>
        <translation>⚠ {new} mới · {acked} đã xác nhận</translation>
    </message>
    <message>
        <source>Meeting: {group} ({n} sites)</source>
        <translation>Đang họp: {group} ({n} điểm cầu)</translation>
    </message>
    <message>
        <source>No meeting</source>
        <translation>Không có cuộc họp</translation>
    </message>
    <message>
        <source>End meeting</source>
        <translation>Kết thúc họp</translation>
    </message>
    <message>
        <source>Start meeting</source>
        <translation>Bắt đầu họp</translation>
    </message>
    <message>
        <source>no group to meet with: make one in the Groups tab first</source>
        <translation>chưa có nhóm để họp: hãy tạo một nhóm ở thẻ Nhóm trước</translation>
    </message>
    <message>
        <source>Acknowledging needs the {needed} role (this console: {role})</source>
        <translation>Xác nhận cảnh báo cần vai trò {needed} (máy này: {role})</translation>
    </message>
    <message>
        <source>Starting or ending a meeting needs the {needed} role (this console: {role})</source>
        <translation>Bắt đầu hoặc kết thúc cuộc họp cần vai trò {needed} (máy này: {role})</translation>
    </message>
</context>
<context>
    <name>Alarms</name>
    <message>
        <source>⚠ {new} new · {acked} ack</source>
        <translation>⚠ {new} mới · {acked} đã xác nhận</translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation>không có cảnh báo</translation>
    </message>
</context>
<context>
    <name>AudioBar</name>
    <message>
        <source>Follow speaker</source>
        <translation>Theo người nói</translation>
    </message>
    <message>
        <source>Focus whoever speaks (at most one change every 2 s)</source>
        <translation>Đưa người đang nói vào ô chính (tối đa một lần đổi mỗi 2 giây)</translation>
    </message>
    <message>
        <source>Mute all</source>
        <translation>Tắt tiếng tất cả</translation>
    </message>
    <message>
        <source>Room volume: the mix of open microphones</source>
        <translation>Âm lượng phòng: tiếng trộn của các micrô đang mở</translation>
    </message>
    <message>
        <source>Room volume</source>
        <translation>Âm lượng phòng</translation>
    </message>
    <message>
        <source>Vol</source>
        <translation>Âm lượng</translation>
    </message>
    <message>
        <source>talking with {site}</source>
        <translation>đang nói chuyện với {site}</translation>
    </message>
    <message>
        <source>{n} mic open</source>
        <translation>{n} micrô đang mở</translation>
    </message>
    <message>
        <source>{n} mics open</source>
        <translation>{n} micrô đang mở</translation>
    </message>
    <message>
        <source>{n} hand up: {names}</source>
        <translation>{n} điểm giơ tay: {names}</translation>
    </message>
    <message>
        <source>{n} hands up: {names}</source>
        <translation>{n} điểm giơ tay: {names}</translation>
    </message>
    <message>
        <source>Close every open microphone (Shift+M)</source>
        <translation>Tắt mọi micrô đang mở (Shift+M)</translation>
    </message>
</context>
<context>
    <name>Board</name>
    <message>
        <source>click a province: its sites · click a site: see it on the wall · Ctrl+click: pick sites for a group · Shift+click: a run of them · B: back to the wall</source>
        <translation>bấm một tỉnh: các điểm cầu của tỉnh · bấm một điểm: xem trên tường video · Ctrl+bấm: chọn điểm cho một nhóm · Shift+bấm: chọn một dãy · B: trở về tường video</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Toàn quốc</translation>
    </message>
    <message>
        <source>The national picture in the wall&apos;s place (B); again: the wall</source>
        <translation>Bức tranh toàn quốc thay cho tường video (B); bấm lần nữa: trở về tường video</translation>
    </message>
    <message>
        <source>board: {error}</source>
        <translation>toàn quốc: {error}</translation>
    </message>
    <message>
        <source>board: {name} is a {level} and not online: nothing to show</source>
        <translation>toàn quốc: {name} là cấp {level} và không trực tuyến: không có gì để hiển thị</translation>
    </message>
    <message>
        <source>National {online} / {total} online</source>
        <translation>Toàn quốc {online} / {total} trực tuyến</translation>
    </message>
    <message>
        <source>online</source>
        <translation>trực tuyến</translation>
    </message>
    <message>
        <source>picture stalled</source>
        <translation>hình bị đứng</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>ngoại tuyến</translation>
    </message>
    <message>
        <source>never joined</source>
        <translation>chưa tham gia</translation>
    </message>
    <message>
        <source>online, picture stalled</source>
        <translation>trực tuyến, hình bị đứng</translation>
    </message>
    <message>
        <source>hand raised</source>
        <translation>giơ tay</translation>
    </message>
    <message>
        <source>microphone open</source>
        <translation>micrô mở</translation>
    </message>
    <message>
        <source>province or district office</source>
        <translation>trụ sở tỉnh hoặc huyện</translation>
    </message>
    <message>
        <source>{key} · click to see it on the wall</source>
        <translation>{key} · bấm để xem trên tường video</translation>
    </message>
    <message>
        <source>sites online: 0 %</source>
        <translation>điểm cầu trực tuyến: 0 %</translation>
    </message>
    <message>
        <source>none ever joined</source>
        <translation>chưa điểm nào tham gia</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>National: {online} / {total} sites online</source>
        <translation>Toàn quốc: {online} / {total} điểm cầu trực tuyến</translation>
    </message>
    <message>
        <source>Group: {n} picked</source>
        <translation>Nhóm: {n} điểm đã chọn</translation>
    </message>
    <message>
        <source>Group: picked</source>
        <translation>Nhóm: các điểm đã chọn</translation>
    </message>
    <message>
        <source>Click a province to see its sites</source>
        <translation>Chọn một tỉnh để xem các điểm cầu</translation>
    </message>
    <message>
        <source>hand up</source>
        <translation>giơ tay</translation>
    </message>
    <message>
        <source>hands up</source>
        <translation>giơ tay</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>hình bị đứng</translation>
    </message>
    <message>
        <source>{name}: {online} / {total} online</source>
        <translation>{name}: {online} / {total} trực tuyến</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>Connected to hub {hub} as {operator}, role: {role}.</source>
        <translation>Đã kết nối tới hub {hub} với tên {operator}, vai trò: {role}.</translation>
    </message>
    <message>
        <source>This address cannot be used: {detail}</source>
        <translation>Không dùng được địa chỉ này: {detail}</translation>
    </message>
    <message>
        <source>Name not found (DNS): no computer is called that. Check the spelling of the hub&apos;s name. ({detail})</source>
        <translation>Không tìm thấy tên miền (DNS): không có máy nào mang tên đó. Hãy kiểm tra lại cách viết tên của hub. ({detail})</translation>
    </message>
    <message>
        <source>Connection refused: the computer answers, but no hub listens on that port. Is the hub running, and is the port right? ({detail})</source>
        <translation>Kết nối bị từ chối: máy tính có trả lời nhưng không có hub nào nghe ở cổng đó. Hub có đang chạy không, và số cổng có đúng không? ({detail})</translation>
    </message>
    <message>
        <source>The hub cannot be reached: {detail}</source>
        <translation>Không liên lạc được với hub: {detail}</translation>
    </message>
    <message>
        <source>the certificate is self-signed: give it (or its CA) as the CA file</source>
        <translation>chứng chỉ tự ký: hãy chọn chứng chỉ đó (hoặc CA của nó) làm tệp CA</translation>
    </message>
    <message>
        <source>the certificate is for another name than the one in the address</source>
        <translation>chứng chỉ cấp cho một tên khác với tên trong địa chỉ</translation>
    </message>
    <message>
        <source>the certificate has expired</source>
        <translation>chứng chỉ đã hết hạn</translation>
    </message>
    <message>
        <source>the certificate is not valid yet (check this computer&apos;s clock)</source>
        <translation>chứng chỉ chưa có hiệu lực (hãy kiểm tra đồng hồ của máy tính này)</translation>
    </message>
    <message>
        <source>the certificate is not signed by a CA this console trusts: give the CA file</source>
        <translation>chứng chỉ không được ký bởi CA mà máy này tin cậy: hãy chọn tệp CA</translation>
    </message>
    <message>
        <source>the secure connection failed</source>
        <translation>kết nối bảo mật không thành công</translation>
    </message>
    <message>
        <source>TLS: the hub&apos;s certificate was refused: {why} ({detail}).</source>
        <translation>TLS: chứng chỉ của hub bị từ chối: {why} ({detail}).</translation>
    </message>
    <message>
        <source>Certificate: {certificate}</source>
        <translation>Chứng chỉ: {certificate}</translation>
    </message>
    <message>
        <source>Something answered at this address, but not an opsconsole hub ({detail}).</source>
        <translation>Có dịch vụ trả lời ở địa chỉ này nhưng không phải hub opsconsole ({detail}).</translation>
    </message>
    <message>
        <source>Protocol version mismatch: the hub speaks version {hub}, this console version {ours}. Update the older of the two.</source>
        <translation>Phiên bản giao thức không khớp: hub dùng phiên bản {hub}, máy này phiên bản {ours}. Hãy cập nhật bên cũ hơn.</translation>
    </message>
    <message>
        <source>The hub answers. Enter a token to check it too.</source>
        <translation>Hub có trả lời. Hãy nhập mã truy cập để kiểm tra cả mã.</translation>
    </message>
    <message>
        <source>Token refused: the hub does not accept this token (closed with code {code}: {detail}). Ask an administrator for a new one.</source>
        <translation>Mã truy cập bị từ chối: hub không chấp nhận mã này (đóng với mã {code}: {detail}). Hãy xin quản trị viên một mã mới.</translation>
    </message>
    <message>
        <source>The hub refuses this computer for a while after too many wrong tokens ({detail}).</source>
        <translation>Hub tạm thời từ chối máy tính này vì đã nhập sai mã truy cập quá nhiều lần ({detail}).</translation>
    </message>
    <message>
        <source>while connecting</source>
        <translation>khi đang kết nối</translation>
    </message>
    <message>
        <source>after the token was sent</source>
        <translation>sau khi đã gửi mã truy cập</translation>
    </message>
    <message>
        <source>Timeout: no answer from the hub {stage} ({detail}).</source>
        <translation>Hết thời gian chờ: hub không trả lời {stage} ({detail}).</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Group: this province</source>
        <translation>Nhóm: tỉnh này</translation>
    </message>
    <message>
        <source>A group of every site of the open province (Groups tab)</source>
        <translation>Một nhóm gồm mọi điểm cầu của tỉnh đang mở (thẻ Nhóm)</translation>
    </message>
    <message>
        <source>A group of the sites picked with Ctrl+click (Shift+click: a run)</source>
        <translation>Một nhóm gồm các điểm đã chọn bằng Ctrl+bấm (Shift+bấm: một dãy)</translation>
    </message>
    <message>
        <source>SAMPLE DATA</source>
        <translation>DỮ LIỆU MẪU</translation>
    </message>
    <message>
        <source>On the wall</source>
        <translation>Lên tường</translation>
    </message>
    <message>
        <source>Show this indicator as a tile on the video wall (the focus tile of this page)</source>
        <translation>Hiển thị chỉ số này thành một ô trên tường video (ô chính của trang này)</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Chỉ số</translation>
    </message>
    <message>
        <source>new group&apos;s name</source>
        <translation>Tên nhóm mới</translation>
    </message>
    <message>
        <source>codes: 79, 80</source>
        <translation>mã: 79, 80</translation>
    </message>
    <message>
        <source>province codes</source>
        <translation>mã tỉnh</translation>
    </message>
    <message>
        <source>From the search</source>
        <translation>Từ kết quả tìm</translation>
    </message>
    <message>
        <source>The directory&apos;s search results (Ctrl+K) make the group</source>
        <translation>Các kết quả tìm trong danh bạ (Ctrl+K) tạo thành nhóm</translation>
    </message>
    <message>
        <source>From provinces</source>
        <translation>Từ các tỉnh</translation>
    </message>
    <message>
        <source>Every site of the provinces whose codes are typed beside</source>
        <translation>Mọi điểm cầu của các tỉnh có mã được gõ bên cạnh</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Điểm cầu</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Made from</source>
        <translation>Tạo từ</translation>
    </message>
    <message>
        <source>Tour</source>
        <translation>Tuần tự</translation>
    </message>
    <message>
        <source>Page the wall through the group&apos;s sites</source>
        <translation>Lật tường video qua các điểm cầu của nhóm</translation>
    </message>
    <message>
        <source>Roll-call…</source>
        <translation>Điểm danh…</translation>
    </message>
    <message>
        <source>Who is present and absent now, as a CSV file for the minutes</source>
        <translation>Ai có mặt và vắng mặt lúc này, thành tệp CSV cho biên bản</translation>
    </message>
    <message>
        <source>Room wall</source>
        <translation>Tường phòng</translation>
    </message>
    <message>
        <source>Show the group on the room&apos;s big screen</source>
        <translation>Hiển thị nhóm trên màn hình lớn của phòng</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>or on the board (B): a province, or sites picked with Ctrl+click</source>
        <translation>hoặc trên bản đồ toàn quốc (B): một tỉnh, hoặc các điểm chọn bằng Ctrl+bấm</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Điểm cầu</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người ghi</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>● REC</source>
        <translation>● ĐANG GHI</translation>
    </message>
    <message>
        <source>done</source>
        <translation>xong</translation>
    </message>
    <message>
        <source>ended early</source>
        <translation>dừng sớm</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Xem</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Minutes…</source>
        <translation>Biên bản…</translation>
    </message>
    <message>
        <source>Meeting minutes (HTML or CSV): who was present, who spoke, who was muted and by whom, recordings, alarms</source>
        <translation>Biên bản cuộc họp (HTML hoặc CSV): ai có mặt, ai phát biểu, ai bị tắt tiếng và do ai, các bản ghi hình, các cảnh báo</translation>
    </message>
    <message>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <source>keep all</source>
        <translation>giữ mãi</translation>
    </message>
    <message>
        <source>Recordings older than this are deleted (0 keeps them all)</source>
        <translation>Bản ghi cũ hơn thời hạn này sẽ bị xoá (0: giữ tất cả)</translation>
    </message>
    <message>
        <source>Keep recordings for</source>
        <translation>Giữ bản ghi trong</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>cannot play: {error}</source>
        <translation>Không phát được: {error}</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Room wall layout</source>
        <translation>Bố cục tường phòng</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Province</source>
        <translation>Tỉnh/TP</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Mức</translation>
    </message>
    <message>
        <source>Province (click: its trend; the directory shows it)</source>
        <translation>Tỉnh/thành phố (bấm: xem diễn biến; danh bạ hiển thị tỉnh đó)</translation>
    </message>
    <message>
        <source>Value, latest</source>
        <translation>Giá trị mới nhất</translation>
    </message>
    <message>
        <source>Change since the point before</source>
        <translation>Thay đổi so với lần trước</translation>
    </message>
    <message>
        <source>Level against the indicator&apos;s thresholds</source>
        <translation>Mức so với các ngưỡng của chỉ số</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Báo động</translation>
    </message>
    <message>
        <source>warning threshold reached</source>
        <translation>đã chạm ngưỡng cảnh báo</translation>
    </message>
    <message>
        <source>alert threshold reached</source>
        <translation>đã chạm ngưỡng báo động</translation>
    </message>
    <message>
        <source>CURRENT</source>
        <translation>MỚI NHẤT</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>CŨ</translation>
    </message>
    <message>
        <source>WAITING</source>
        <translation>ĐANG CHỜ</translation>
    </message>
    <message>
        <source>the source answers, but its data is {age} min old (more than {limit} min)</source>
        <translation>nguồn có trả lời nhưng dữ liệu đã cũ {age} phút (quá {limit} phút)</translation>
    </message>
    <message>
        <source>malformed payload at {where}</source>
        <translation>dữ liệu sai định dạng tại {where}</translation>
    </message>
    <message>
        <source>the source cannot be read: {error}</source>
        <translation>không đọc được nguồn: {error}</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>Cập nhật {time}</translation>
    </message>
    <message>
        <source>The data&apos;s own time: {time} (fetched {ago})</source>
        <translation>Thời điểm của dữ liệu: {time} (đã lấy {ago})</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Chưa có dữ liệu</translation>
    </message>
    <message>
        <source>showing the data of {time}</source>
        <translation>đang hiển thị dữ liệu lúc {time}</translation>
    </message>
    <message>
        <source>no data to show</source>
        <translation>không có dữ liệu để hiển thị</translation>
    </message>
    <message>
        <source>{line} (via redirect to {via})</source>
        <translation>{line} (qua chuyển hướng tới {via})</translation>
    </message>
    <message>
        <source>{title}
source: {source}</source>
        <translation>{title}
nguồn: {source}</translation>
    </message>
    <message>
        <source>publisher: {publisher}</source>
        <translation>đơn vị công bố: {publisher}</translation>
    </message>
    <message>
        <source>National</source>
        <translation>Toàn quốc</translation>
    </message>
    <message>
        <source>{province}: no data</source>
        <translation>{province}: không có số liệu</translation>
    </message>
    <message>
        <source>Pick a province</source>
        <translation>Chọn một tỉnh</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa lần nào</translation>
    </message>
    <message>
        <source>{s} s ago</source>
        <translation>{s} giây trước</translation>
    </message>
</context>
<context>
    <name>DataTiles</name>
    <message>
        <source>Data · {indicator}</source>
        <translation>Dữ liệu · {indicator}</translation>
    </message>
    <message>
        <source>Data · indicators</source>
        <translation>Dữ liệu · chỉ số</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Chưa có dữ liệu</translation>
    </message>
    <message>
        <source>No indicator {ident}</source>
        <translation>Không có chỉ số {ident}</translation>
    </message>
    <message>
        <source>National</source>
        <translation>Toàn quốc</translation>
    </message>
    <message>
        <source>⚠ STALE — {reason}</source>
        <translation>⚠ DỮ LIỆU CŨ — {reason}</translation>
    </message>
    <message>
        <source>● current</source>
        <translation>● mới nhất</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>Cập nhật {time}</translation>
    </message>
    <message>
        <source>Provinces to watch</source>
        <translation>Tỉnh/TP cần chú ý</translation>
    </message>
    <message>
        <source>indicators</source>
        <translation>số liệu</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>Mon</source>
        <translation>T2</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>T3</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>T4</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>T5</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>T6</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>T7</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>CN</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>Th1</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Th2</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>Th3</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Th4</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Th5</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Th6</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Th7</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>Th8</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Th9</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>Th10</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Th11</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>Th12</translation>
    </message>
</context>
<context>
    <name>DirectoryPanel</name>
    <message>
        <source>Find a commune, ward… (Ctrl+K)</source>
        <translation>Tìm xã, phường… (Ctrl+K)</translation>
    </message>
    <message>
        <source>Find a site</source>
        <translation>Tìm điểm cầu</translation>
    </message>
    <message>
        <source>close: “{found}” (no “{typed}”) — Enter to open</source>
        <translation>Gần đúng: “{found}” (không có “{typed}”) — Enter để mở</translation>
    </message>
    <message>
        <source>{n} results, then close spellings — Enter to open</source>
        <translation>{n} kết quả, tiếp theo là các cách viết gần đúng — Enter để mở</translation>
    </message>
    <message>
        <source>{n} results — Enter to open</source>
        <translation>{n} kết quả — Enter để mở</translation>
    </message>
    <message>
        <source>nothing matches “{typed}”</source>
        <translation>Không tìm thấy “{typed}”</translation>
    </message>
    <message>
        <source>{name}: {n} · {online} online — Enter opens · Esc back</source>
        <translation>{name}: {n} · {online} trực tuyến — Enter để mở · Esc để quay lại</translation>
    </message>
    <message>
        <source>{name} · {online} online</source>
        <translation>{name} · {online} trực tuyến</translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>the hub</source>
        <translation>hub</translation>
    </message>
    <message>
        <source>joined {hub} as {operator} ({role}) · renderer: {renderer}</source>
        <translation>đã vào {hub} với tên {operator} ({role}) · bộ kết xuất: {renderer}</translation>
    </message>
    <message>
        <source>alarm {alarm} not raised: the hub refused it: {error}</source>
        <translation>cảnh báo {alarm} không được nêu: hub từ chối: {error}</translation>
    </message>
    <message>
        <source>alarm {alarm} not cleared: the hub refused it: {error}</source>
        <translation>cảnh báo {alarm} không được đóng: hub từ chối: {error}</translation>
    </message>
    <message>
        <source>alarms: {error}</source>
        <translation>cảnh báo: {error}</translation>
    </message>
    <message>
        <source>alarm acknowledged: {alarm}</source>
        <translation>đã xác nhận cảnh báo: {alarm}</translation>
    </message>
    <message>
        <source>alarm {alarm}: {error}</source>
        <translation>cảnh báo {alarm}: {error}</translation>
    </message>
    <message>
        <source>acknowledge: {error}</source>
        <translation>xác nhận: {error}</translation>
    </message>
    <message>
        <source>meeting: {group} ({n} sites)</source>
        <translation>cuộc họp: {group} ({n} điểm cầu)</translation>
    </message>
    <message>
        <source>meeting ended</source>
        <translation>đã kết thúc cuộc họp</translation>
    </message>
    <message>
        <source>meeting: {error}</source>
        <translation>cuộc họp: {error}</translation>
    </message>
    <message>
        <source>follow speaker: {site} to tile {tile}</source>
        <translation>theo người nói: {site} vào ô {tile}</translation>
    </message>
    <message>
        <source>{site}: {action} failed: {error}</source>
        <translation>{site}: {action} không thành công: {error}</translation>
    </message>
    <message>
        <source>{site}: talk started</source>
        <translation>{site}: bắt đầu đàm thoại</translation>
    </message>
    <message>
        <source>{site}: talk ended</source>
        <translation>{site}: kết thúc đàm thoại</translation>
    </message>
    <message>
        <source>program feed: {video} + {audio}</source>
        <translation>tín hiệu chương trình: {video} + {audio}</translation>
    </message>
    <message>
        <source>test card</source>
        <translation>hình thử</translation>
    </message>
    <message>
        <source>test tone</source>
        <translation>âm thử</translation>
    </message>
    <message>
        <source>camera {device}</source>
        <translation>camera {device}</translation>
    </message>
    <message>
        <source>microphone {device}</source>
        <translation>micrô {device}</translation>
    </message>
    <message>
        <source>camera {device} stopped ({detail}): showing the test card</source>
        <translation>camera {device} đã ngừng ({detail}): đang phát hình thử</translation>
    </message>
    <message>
        <source>microphone {device} stopped ({detail}): sending the test tone</source>
        <translation>micrô {device} đã ngừng ({detail}): đang gửi âm thử</translation>
    </message>
    <message>
        <source>camera {device} did not open ({detail}): showing the test card</source>
        <translation>không mở được camera {device} ({detail}): đang phát hình thử</translation>
    </message>
    <message>
        <source>microphone {device} did not open ({detail}): sending the test tone</source>
        <translation>không mở được micrô {device} ({detail}): đang gửi âm thử</translation>
    </message>
    <message>
        <source>Muting needs the {needed} role (this console: {role})</source>
        <translation>Tắt tiếng cần vai trò {needed} (máy này: {role})</translation>
    </message>
    <message>
        <source>{what}: this console&apos;s role ({role}) may not; it needs the {needed} role</source>
        <translation>{what}: vai trò của máy này ({role}) không được phép; cần vai trò {needed}</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>điều hành viên</translation>
    </message>
    <message>
        <source>{operator}: {what}</source>
        <translation>{operator}: {what}</translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation>{what} không thành công: {error}</translation>
    </message>
    <message>
        <source>{what}: refused: {error}</source>
        <translation>{what}: bị từ chối: {error}</translation>
    </message>
    <message>
        <source>{what}: {n} failed ({names})</source>
        <translation>{what}: {n} điểm không thành công ({names})</translation>
    </message>
    <message>
        <source>{what}: done</source>
        <translation>{what}: xong</translation>
    </message>
    <message>
        <source>spot-inspect: {site} in tile {tile} of page {page} · Backspace undoes it</source>
        <translation>xem nhanh: {site} ở ô {tile} trang {page} · Backspace để hoàn tác</translation>
    </message>
    <message>
        <source>mute {site}</source>
        <translation>tắt tiếng {site}</translation>
    </message>
    <message>
        <source>unmute {site}</source>
        <translation>bật tiếng {site}</translation>
    </message>
    <message>
        <source>talk with {site}</source>
        <translation>đàm thoại với {site}</translation>
    </message>
    <message>
        <source>end the talk with {site}</source>
        <translation>kết thúc đàm thoại với {site}</translation>
    </message>
    <message>
        <source>answer {site}&apos;s hand</source>
        <translation>trả lời {site} giơ tay</translation>
    </message>
    <message>
        <source>grant {site}&apos;s hand</source>
        <translation>cho {site} phát biểu</translation>
    </message>
    <message>
        <source>dismiss {site}&apos;s hand</source>
        <translation>hạ tay {site}</translation>
    </message>
    <message>
        <source>refresh picture of {site}</source>
        <translation>làm mới hình của {site}</translation>
    </message>
    <message>
        <source>solo {site}</source>
        <translation>chỉ nghe {site}</translation>
    </message>
    <message>
        <source>directory: {site} lists its {n} sites (a {level} does not join itself)</source>
        <translation>danh bạ: {site} liệt kê {n} điểm cầu trực thuộc (cấp {level} không tự tham gia)</translation>
    </message>
    <message>
        <source>mute all</source>
        <translation>tắt tiếng tất cả</translation>
    </message>
    <message>
        <source>mute all ({n} open)</source>
        <translation>tắt tiếng tất cả ({n} micrô đang mở)</translation>
    </message>
    <message>
        <source>{n} sites back at the hub so far; the others are logged as they rejoin it</source>
        <translation>{n} điểm cầu đã trở lại hub; các điểm cầu khác được ghi khi vào lại hub</translation>
    </message>
    <message>
        <source>{n} sites online when this console joined</source>
        <translation>{n} điểm cầu trực tuyến khi máy này vào</translation>
    </message>
    <message>
        <source>{names} and {n} more</source>
        <translation>{names} và {n} điểm khác</translation>
    </message>
    <message>
        <source>{n} sites joined: {names}</source>
        <translation>{n} điểm cầu đã vào: {names}</translation>
    </message>
    <message>
        <source>{n} sites left: {names}</source>
        <translation>{n} điểm cầu đã rời: {names}</translation>
    </message>
    <message>
        <source>{site} joined</source>
        <translation>{site} đã vào</translation>
    </message>
    <message>
        <source>{site} left</source>
        <translation>{site} đã rời</translation>
    </message>
    <message>
        <source>{site} is online</source>
        <translation>{site} đang trực tuyến</translation>
    </message>
    <message>
        <source>{site} raises its hand</source>
        <translation>{site} giơ tay</translation>
    </message>
    <message>
        <source>{site}: full frame rate again</source>
        <translation>{site}: đủ khung hình trở lại</translation>
    </message>
    <message>
        <source>{site}: key frames only (the console is short of CPU)</source>
        <translation>{site}: chỉ khung hình chính (máy điều hành thiếu CPU)</translation>
    </message>
    <message>
        <source>{site}: {fps} frames a second (the console is short of CPU)</source>
        <translation>{site}: {fps} khung hình/giây (máy điều hành thiếu CPU)</translation>
    </message>
    <message>
        <source>{site}: its link cannot carry a picture now, only its sound (loss {loss} %, {kbps} kbps)</source>
        <translation>{site}: đường truyền hiện không tải được hình, chỉ còn tiếng (mất gói {loss} %, {kbps} kbps)</translation>
    </message>
    <message>
        <source>{site}: its link carries up to {w}×{h} now (loss {loss} %, jitter {jitter} ms, {kbps} kbps)</source>
        <translation>{site}: đường truyền hiện chỉ tải được tối đa {w}×{h} (mất gói {loss} %, trễ dao động {jitter} ms, {kbps} kbps)</translation>
    </message>
    <message>
        <source>lost the hub: {reason}</source>
        <translation>mất kết nối hub: {reason}</translation>
    </message>
    <message>
        <source>group {group} made: {n} sites ({rule})</source>
        <translation>đã tạo nhóm {group}: {n} điểm cầu ({rule})</translation>
    </message>
    <message>
        <source>tour: the wall pages through group {group} ({n} sites, a page every {s} s)</source>
        <translation>tuần tự: tường video lật qua nhóm {group} ({n} điểm cầu, mỗi trang {s} giây)</translation>
    </message>
    <message>
        <source>tour of group {group} stopped: the wall shows its own sites again</source>
        <translation>đã dừng tuần tự nhóm {group}: tường video hiện lại các điểm cầu của mình</translation>
    </message>
    <message>
        <source>room wall: group {group} ({n} sites)</source>
        <translation>tường phòng: nhóm {group} ({n} điểm cầu)</translation>
    </message>
    <message>
        <source>roll-call {summary} · written to {path}</source>
        <translation>điểm danh {summary} · đã ghi vào {path}</translation>
    </message>
    <message>
        <source>the hub refused this console: {reason}</source>
        <translation>hub từ chối máy này: {reason}</translation>
    </message>
    <message>
        <source>hub {lost} lost: now on hub {now}</source>
        <translation>mất hub {lost}: nay đang ở hub {now}</translation>
    </message>
    <message>
        <source>hub connected again; {kept} sites played on without it, the others are being joined again</source>
        <translation>đã kết nối lại hub; {kept} điểm cầu vẫn phát hình trong lúc mất hub, các điểm cầu khác đang được vào lại</translation>
    </message>
    <message>
        <source>media worker lost: {reason}; restarting it</source>
        <translation>mất tiến trình media: {reason}; đang khởi động lại</translation>
    </message>
    <message>
        <source>media worker restarted, but: {error}</source>
        <translation>tiến trình media đã khởi động lại, nhưng: {error}</translation>
    </message>
    <message>
        <source>media worker restarted; {n} sites subscribed again in {seconds} s</source>
        <translation>tiến trình media đã khởi động lại; {n} điểm cầu được nhận lại sau {seconds} giây</translation>
    </message>
    <message>
        <source>cannot make the recordings folder {folder}: {error}</source>
        <translation>không tạo được thư mục ghi hình {folder}: {error}</translation>
    </message>
    <message>
        <source>{operator}: record {site} into {path}</source>
        <translation>{operator}: ghi hình {site} vào {path}</translation>
    </message>
    <message>
        <source>recording {site}: the site shows that it is recorded</source>
        <translation>đang ghi hình {site}: điểm cầu hiển thị &quot;Đang ghi hình&quot;</translation>
    </message>
    <message>
        <source>recording {site}, but {warning}</source>
        <translation>đang ghi hình {site}, nhưng {warning}</translation>
    </message>
    <message>
        <source>record {site}: not recorded: {why}</source>
        <translation>ghi hình {site}: không ghi được: {why}</translation>
    </message>
    <message>
        <source>{operator}: stop recording {site}</source>
        <translation>{operator}: dừng ghi hình {site}</translation>
    </message>
    <message>
        <source>stop recording: {error}</source>
        <translation>dừng ghi hình: {error}</translation>
    </message>
    <message>
        <source>bookmark {site} at {s} s: {note}</source>
        <translation>đánh dấu {site} tại giây {s}: {note}</translation>
    </message>
    <message>
        <source>(no note)</source>
        <translation>(không ghi chú)</translation>
    </message>
    <message>
        <source>bookmark: {error}</source>
        <translation>đánh dấu: {error}</translation>
    </message>
    <message>
        <source>recording of {site} ended: {s} s, {frames} frames — {error}</source>
        <translation>bản ghi hình {site} đã kết thúc: {s} giây, {frames} khung hình — {error}</translation>
    </message>
    <message>
        <source>recording of {site} ended: {s} s, {frames} frames in {path}</source>
        <translation>bản ghi hình {site} đã kết thúc: {s} giây, {frames} khung hình trong {path}</translation>
    </message>
    <message>
        <source>{operator}: exported the recording of {site} to {path}</source>
        <translation>{operator}: đã xuất bản ghi hình {site} ra {path}</translation>
    </message>
    <message>
        <source>export failed: {error}</source>
        <translation>xuất không thành công: {error}</translation>
    </message>
    <message>
        <source>{operator}: deleted the recording of {site}</source>
        <translation>{operator}: đã xoá bản ghi hình {site}</translation>
    </message>
    <message>
        <source>delete failed: {error}</source>
        <translation>xoá không thành công: {error}</translation>
    </message>
    <message>
        <source>retention: deleted {n} recording(s) older than {days} days</source>
        <translation>lưu trữ: đã xoá {n} bản ghi cũ hơn {days} ngày</translation>
    </message>
    <message>
        <source>meeting minutes written to {path}</source>
        <translation>đã ghi biên bản cuộc họp vào {path}</translation>
    </message>
    <message>
        <source>meeting minutes not written: {error}</source>
        <translation>chưa ghi được biên bản cuộc họp: {error}</translation>
    </message>
    <message>
        <source>room wall: the hub&apos;s state is unusable ({error})</source>
        <translation>tường phòng: trạng thái từ hub không dùng được ({error})</translation>
    </message>
    <message>
        <source>room wall: {what}</source>
        <translation>tường phòng: {what}</translation>
    </message>
    <message>
        <source>room wall: {what}: {error}</source>
        <translation>tường phòng: {what}: {error}</translation>
    </message>
    <message>
        <source>{site} on tile {tile}</source>
        <translation>{site} vào ô {tile}</translation>
    </message>
    <message>
        <source>focus tile {tile}</source>
        <translation>ô chính {tile}</translation>
    </message>
    <message>
        <source>layout {layout}</source>
        <translation>bố cục {layout}</translation>
    </message>
    <message>
        <source>lock</source>
        <translation>khoá</translation>
    </message>
    <message>
        <source>unlock</source>
        <translation>mở khoá</translation>
    </message>
    <message>
        <source>{site} on the big tile</source>
        <translation>{site} vào ô lớn</translation>
    </message>
    <message>
        <source>data source {source}: {reason}</source>
        <translation>nguồn dữ liệu {source}: {reason}</translation>
    </message>
    <message>
        <source>data source {source}: current again</source>
        <translation>nguồn dữ liệu {source}: đã cập nhật trở lại</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <source>type a search in the directory first (Ctrl+K): its results make the group</source>
        <translation>hãy tìm kiếm trong danh bạ trước (Ctrl+K): kết quả tìm kiếm sẽ thành nhóm</translation>
    </message>
    <message>
        <source>search: {text}</source>
        <translation>tìm: {text}</translation>
    </message>
    <message>
        <source>nothing matches {text}</source>
        <translation>không có kết quả cho {text}</translation>
    </message>
    <message>
        <source>province codes are numbers (such as 79, 80), not {typed}</source>
        <translation>mã tỉnh là số (ví dụ 79, 80), không phải {typed}</translation>
    </message>
    <message>
        <source>type one or more province codes (such as 79, 80)</source>
        <translation>hãy nhập một hoặc nhiều mã tỉnh (ví dụ 79, 80)</translation>
    </message>
    <message>
        <source>pick sites on the board first (Ctrl+click)</source>
        <translation>hãy chọn điểm cầu trên bản đồ toàn quốc trước (Ctrl+bấm)</translation>
    </message>
    <message>
        <source>{n} picked at {time}</source>
        <translation>{n} điểm chọn lúc {time}</translation>
    </message>
    <message>
        <source>the group would be empty</source>
        <translation>nhóm sẽ không có điểm cầu nào</translation>
    </message>
    <message>
        <source>group {group}: {n} sites ({rule})</source>
        <translation>nhóm {group}: {n} điểm cầu ({rule})</translation>
    </message>
    <message>
        <source>new group</source>
        <translation>nhóm mới</translation>
    </message>
    <message>
        <source>this console shows the room wall as the hub has it: tour a group from a desk (Room wall)</source>
        <translation>máy này hiển thị tường phòng theo hub: hãy cho nhóm chạy tuần tự từ một bàn điều khiển (Tường phòng)</translation>
    </message>
    <message>
        <source>group {group} has no sites</source>
        <translation>nhóm {group} không có điểm cầu nào</translation>
    </message>
    <message>
        <source>touring {group} · Stop tour (or the toolbar&apos;s Tour) shows the wall&apos;s own sites again</source>
        <translation>đang tuần tự nhóm {group} · Dừng tuần tự (hoặc nút Tuần tự trên thanh công cụ) để tường video hiện lại các điểm cầu của mình</translation>
    </message>
    <message>
        <source>tour of {group} stopped: the wall shows its own sites again</source>
        <translation>đã dừng tuần tự {group}: tường video hiện lại các điểm cầu của mình</translation>
    </message>
    <message>
        <source>sending to the room wall needs the {needed} role (this console: {role})</source>
        <translation>gửi lên tường phòng cần vai trò {needed} (máy này: {role})</translation>
    </message>
    <message>
        <source>the room wall shows {group} ({layout}, touring)</source>
        <translation>tường phòng đang hiển thị {group} ({layout}, tuần tự)</translation>
    </message>
    <message>
        <source>the room wall shows {group} ({layout})</source>
        <translation>tường phòng đang hiển thị {group} ({layout})</translation>
    </message>
    <message>
        <source>room wall</source>
        <translation>tường phòng</translation>
    </message>
    <message>
        <source>roll-call</source>
        <translation>điểm danh</translation>
    </message>
    <message>
        <source>cannot write {path}: {error}</source>
        <translation>không ghi được {path}: {error}</translation>
    </message>
    <message>
        <source>{group}: {present} present, {absent} absent at {at}</source>
        <translation>{group}: {present} có mặt, {absent} vắng lúc {at}</translation>
    </message>
    <message>
        <source>group {group} deleted</source>
        <translation>đã xoá nhóm {group}</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>xoá</translation>
    </message>
    <message>
        <source>Roll-call of {group}</source>
        <translation>Điểm danh nhóm {group}</translation>
    </message>
    <message>
        <source>Needs the {needed} role (this console: {role})</source>
        <translation>Cần vai trò {needed} (máy này: {role})</translation>
    </message>
    <message>
        <source>provinces {codes}</source>
        <translation>tỉnh {codes}</translation>
    </message>
    <message>
        <source>sites picked on the board ({n})</source>
        <translation>điểm cầu chọn trên bảng toàn quốc ({n})</translation>
    </message>
    <message>
        <source>search {text} (top {n})</source>
        <translation>tìm {text} ({n} kết quả đầu)</translation>
    </message>
</context>
<context>
    <name>GroupsPanel</name>
    <message>
        <source>Delete group</source>
        <translation>Xoá nhóm</translation>
    </message>
    <message>
        <source>Delete the group “{group}” ({n} sites)? Its sites stay in the directory.</source>
        <translation>Xoá nhóm “{group}” ({n} điểm)? Các điểm của nhóm vẫn còn trong danh bạ.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>Stop tour</source>
        <translation>Dừng tuần tự</translation>
    </message>
    <message>
        <source>Stop touring {group}: the wall shows its own sites again</source>
        <translation>Dừng tuần tự {group}: tường video hiện lại các điểm cầu của mình</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Esc, F1, ? or a click closes this list. The wall&apos;s keys work anywhere except while typing in the search box.</source>
        <translation>Esc, F1, ? hoặc một cú bấm sẽ đóng danh sách này. Phím của tường video dùng được ở mọi nơi, trừ khi đang gõ trong ô tìm kiếm.</translation>
    </message>
</context>
<context>
    <name>HubBanner</name>
    <message>
        <source>⛔ The hub refused this console: ask for a new token, then start the console again. {reason}</source>
        <translation>⛔ Hub từ chối bàn điều khiển này: hãy xin một mã truy cập mới rồi khởi động lại bàn điều khiển. {reason}</translation>
    </message>
    <message>
        <source>⚠ The media worker stopped: starting it again; the tiles come back in a few seconds. {reason}</source>
        <translation>⚠ Tiến trình media đã dừng: đang khởi động lại; các ô hình sẽ trở lại sau vài giây. {reason}</translation>
    </message>
    <message>
        <source>✔ Hub connected again: the wall is rejoining its sites.</source>
        <translation>✔ Đã kết nối lại hub: tường video đang nối lại các điểm cầu.</translation>
    </message>
    <message>
        <source>✔ Hub {lost} lost: now on hub {now}; the wall is rejoining its sites.</source>
        <translation>✔ Mất hub {lost}: nay đang ở hub {now}; tường video đang nối lại các điểm cầu.</translation>
    </message>
    <message>
        <source>✔ Media worker running again: the wall is rejoining its sites.</source>
        <translation>✔ Tiến trình media đã chạy lại: tường video đang nối lại các điểm cầu.</translation>
    </message>
    <message>
        <source>reconnecting in {s} s</source>
        <translation>kết nối lại sau {s} giây</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>đang kết nối lại…</translation>
    </message>
    <message>
        <source>⚠ Hub lost: {doing} (attempt {attempt}) — live tiles play on; mutes, talk and tiles that were not live wait for it. {reason}</source>
        <translation>⚠ Mất kết nối hub: {doing} (lần thử {attempt}) — các ô đang trực tiếp vẫn phát; tắt tiếng, đàm thoại và các ô chưa trực tiếp chờ hub trở lại. {reason}</translation>
    </message>
</context>
<context>
    <name>LinkPlots</name>
    <message>
        <source>Bitrate</source>
        <translation>Tốc độ bit</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>Tốc độ khung hình</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Mất gói</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>Thời gian khứ hồi</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Sites</source>
        <translation>Điểm cầu</translation>
    </message>
    <message>
        <source>Selected site</source>
        <translation>Điểm đang chọn</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Nhật ký</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Ghi hình</translation>
    </message>
    <message>
        <source>Room wall</source>
        <translation>Tường phòng</translation>
    </message>
    <message>
        <source>numpy (software)</source>
        <translation>numpy (phần mềm)</translation>
    </message>
    <message>
        <source>Operations console</source>
        <translation>Phòng điều hành</translation>
    </message>
    <message>
        <source>Keys of the wall</source>
        <translation>Phím của tường video</translation>
    </message>
    <message>
        <source>SAMPLE DATA</source>
        <translation>DỮ LIỆU MẪU</translation>
    </message>
    <message>
        <source> · {n} more online</source>
        <translation> · thêm {n} trực tuyến</translation>
    </message>
    <message>
        <source>● {live} / {total} sites online</source>
        <translation>● {live} / {total} điểm cầu trực tuyến</translation>
    </message>
    <message>
        <source>CPU {percent} %</source>
        <translation>CPU {percent} %</translation>
    </message>
    <message>
        <source>renderer: {name}</source>
        <translation>kết xuất: {name}</translation>
    </message>
    <message>
        <source>⌨ keys: search box (Esc gives them back to the wall)</source>
        <translation>⌨ phím: ô tìm kiếm (Esc trả lại cho tường video)</translation>
    </message>
    <message>
        <source>⌨ keys: wall</source>
        <translation>⌨ phím: tường video</translation>
    </message>
    <message>
        <source>no screen {index}: {count} screen(s) attached</source>
        <translation>không có màn hình {index}: đang nối {count} màn hình</translation>
    </message>
    <message>
        <source>Video wall</source>
        <translation>Tường video</translation>
    </message>
    <message>
        <source>room wall “{name}”</source>
        <translation>tường phòng “{name}”</translation>
    </message>
    <message>
        <source>{operator} ({role})</source>
        <translation>{operator} ({role})</translation>
    </message>
</context>
<context>
    <name>MinutesDialog</name>
    <message>
        <source>Meeting minutes</source>
        <translation>Biên bản cuộc họp</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <source>all sites</source>
        <translation>Tất cả điểm cầu</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>Chọn tệp</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>File (.html, .csv)</source>
        <translation>Tệp (.html, .csv)</translation>
    </message>
    <message>
        <source>Written to: {path}</source>
        <translation>Ghi vào: {path}</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Biên bản</translation>
    </message>
</context>
<context>
    <name>PresetMenu</name>
    <message>
        <source>Layouts ▾</source>
        <translation>Bố cục ▾</translation>
    </message>
    <message>
        <source>Save the wall as a named layout, or bring one back</source>
        <translation>Lưu tường video thành một bố cục có tên, hoặc gọi lại một bố cục</translation>
    </message>
    <message>
        <source>Layouts</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>layouts: {error}</source>
        <translation>bố cục: {error}</translation>
    </message>
    <message>
        <source>layout {name} saved ({layout}, {n} sites)</source>
        <translation>đã lưu bố cục {name} ({layout}, {n} điểm cầu)</translation>
    </message>
    <message>
        <source>layout {name} brought back</source>
        <translation>đã gọi lại bố cục {name}</translation>
    </message>
    <message>
        <source>layout {name} deleted</source>
        <translation>đã xoá bố cục {name}</translation>
    </message>
    <message>
        <source>Save the wall&apos;s layout</source>
        <translation>Lưu bố cục tường video</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>Save the wall as…</source>
        <translation>Lưu bố cục…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
</context>
<context>
    <name>QDockWidget</name>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Closes the dock widget</source>
        <translation>Đóng khung này</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Tách ra</translation>
    </message>
    <message>
        <source>Undocks and re-attaches the dock widget</source>
        <translation>Tách khung này ra thành cửa sổ riêng, hoặc gắn lại</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Save As</source>
        <translation>Lưu thành</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>Tìm trong:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Tên tệp:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Loại tệp:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Chọn</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Lùi</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Tiến</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Thư mục cha</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Tạo thư mục mới</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Dạng danh sách</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Dạng chi tiết</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Xoá</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Đổi &amp;tên</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Hiện tệp &amp;ẩn</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Mọi tệp (*)</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 đã tồn tại.
Bạn có muốn thay thế không?</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Ngày sửa</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lưu tất cả</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Có với &amp;tất cả</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Không với tất &amp;cả</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Huỷ bỏ</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Không lưu</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>Cuộn sang trái</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>Cuộn sang phải</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>cannot reach the hub at {address}: nothing answers there (the connection was refused; is the hub running, on that port?)</source>
        <translation>không kết nối được tới hub ở {address}: không có gì trả lời ở đó (kết nối bị từ chối; hub có đang chạy, đúng cổng đó không?)</translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: no computer has that name (check its spelling)</source>
        <translation>không kết nối được tới hub ở {address}: không có máy nào mang tên đó (hãy kiểm tra chính tả)</translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: its certificate was not accepted (TLS)</source>
        <translation>không kết nối được tới hub ở {address}: chứng chỉ của nó không được chấp nhận (TLS)</translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: no answer in time</source>
        <translation>không kết nối được tới hub ở {address}: hết thời gian chờ trả lời</translation>
    </message>
    <message>
        <source>something answers at {address}, but not as an opsconsole hub</source>
        <translation>có dịch vụ trả lời ở {address}, nhưng không phải hub opsconsole</translation>
    </message>
    <message>
        <source>cannot reach the hub at {address}: the network failed</source>
        <translation>không kết nối được tới hub ở {address}: lỗi mạng</translation>
    </message>
    <message>
        <source>the connection to the hub is closed</source>
        <translation>kết nối tới hub đã đóng</translation>
    </message>
    <message>
        <source>the hub closed the connection (code {code})</source>
        <translation>hub đã đóng kết nối (mã {code})</translation>
    </message>
    <message>
        <source>this console is not connected to a hub</source>
        <translation>máy điều hành này chưa kết nối tới hub</translation>
    </message>
    <message>
        <source>the hub did not answer this console&apos;s greeting</source>
        <translation>hub không trả lời lời chào của máy điều hành này</translation>
    </message>
    <message>
        <source>the hub did not answer within {seconds} s</source>
        <translation>hub không trả lời trong vòng {seconds} s</translation>
    </message>
    <message>
        <source>the media worker ended (exit code {code})</source>
        <translation>tiến trình media đã dừng (mã thoát {code})</translation>
    </message>
    <message>
        <source>the media worker refused to start: {reason}</source>
        <translation>tiến trình media từ chối khởi động: {reason}</translation>
    </message>
    <message>
        <source>the media connection failed (ICE or DTLS)</source>
        <translation>kết nối hình và tiếng thất bại (ICE hoặc DTLS)</translation>
    </message>
    <message>
        <source>the site closed the media connection</source>
        <translation>điểm cầu đã đóng kết nối hình và tiếng</translation>
    </message>
    <message>
        <source>no media path to the site (NAT, firewall or relay)</source>
        <translation>không có đường truyền tới điểm cầu (NAT, tường lửa hoặc máy chuyển tiếp)</translation>
    </message>
    <message>
        <source>the site&apos;s answer could not be applied: {detail}</source>
        <translation>không áp dụng được trả lời của điểm cầu: {detail}</translation>
    </message>
    <message>
        <source>this console&apos;s role may not do that: it needs the {needed} role</source>
        <translation>vai trò của máy này không được làm việc đó: cần vai trò {needed}</translation>
    </message>
    <message>
        <source>the wall {wall} is locked by {operator}</source>
        <translation>tường {wall} đang bị {operator} khoá</translation>
    </message>
    <message>
        <source>no site {site} in the hub&apos;s directory</source>
        <translation>danh bạ của hub không có điểm cầu {site}</translation>
    </message>
    <message>
        <source>the site {site} is not online</source>
        <translation>điểm cầu {site} không trực tuyến</translation>
    </message>
    <message>
        <source>no active site {site}</source>
        <translation>không có điểm cầu {site} đang hoạt động</translation>
    </message>
    <message>
        <source>this console&apos;s operator token was revoked</source>
        <translation>mã truy cập của máy điều hành này đã bị thu hồi</translation>
    </message>
    <message>
        <source>the hub does not accept this console&apos;s token (wrong or revoked)</source>
        <translation>hub không chấp nhận mã truy cập của máy này (sai hoặc đã bị thu hồi)</translation>
    </message>
    <message>
        <source>no alarm {alarm}</source>
        <translation>không có cảnh báo {alarm}</translation>
    </message>
    <message>
        <source>alarm {alarm} is closed (its condition cleared at {at})</source>
        <translation>cảnh báo {alarm} đã đóng: tình trạng đã hết lúc {at}</translation>
    </message>
    <message>
        <source>no active province with code {code}</source>
        <translation>không có tỉnh nào đang hoạt động mang mã {code}</translation>
    </message>
    <message>
        <source>no group named {group}</source>
        <translation>không có nhóm {group}</translation>
    </message>
    <message>
        <source>alarm {alarm} was already acknowledged by {operator} at {at}</source>
        <translation>cảnh báo {alarm} đã được {operator} xác nhận lúc {at}</translation>
    </message>
    <message>
        <source>no province {province} on the board (it holds {known} provinces; codes such as {examples})</source>
        <translation>bảng toàn quốc không có tỉnh {province} (bảng có {known} tỉnh; mã ví dụ {examples})</translation>
    </message>
    <message>
        <source>a group {group} exists already</source>
        <translation>đã có nhóm {group}</translation>
    </message>
    <message>
        <source>the group {group} would be empty</source>
        <translation>nhóm {group} sẽ không có điểm cầu nào</translation>
    </message>
    <message>
        <source>a group needs a name</source>
        <translation>nhóm cần có tên</translation>
    </message>
    <message>
        <source>unknown sites: {sites}</source>
        <translation>điểm cầu không có trong danh bạ: {sites}</translation>
    </message>
    <message>
        <source>expected the hub&apos;s address like {example}, got {text}</source>
        <translation>địa chỉ hub phải có dạng {example}, nhưng nhận được {text}</translation>
    </message>
    <message>
        <source>{text}: plain http is allowed only to this machine; a hub on {host} needs https:// (wss://), so that tokens and signaling are encrypted and the hub is verified</source>
        <translation>{text}: http thường chỉ được dùng trong chính máy này; hub trên {host} cần https:// (wss://), để mã truy cập và tín hiệu được mã hoá và hub được xác minh</translation>
    </message>
    <message>
        <source>a CA file is for a hub reached over https</source>
        <translation>tệp CA chỉ dùng cho hub kết nối qua https</translation>
    </message>
</context>
<context>
    <name>Recordings</name>
    <message>
        <source>Bookmark</source>
        <translation>Đánh dấu</translation>
    </message>
    <message>
        <source>note at {s} s:</source>
        <translation>Ghi chú tại giây {s}:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Delete the recording of {site} ({started})?</source>
        <translation>Xoá bản ghi hình của {site} ({started})?</translation>
    </message>
</context>
<context>
    <name>Renderer</name>
    <message>
        <source>numpy: forced</source>
        <translation>numpy: bắt buộc</translation>
    </message>
    <message>
        <source>numpy: asked for</source>
        <translation>numpy: theo yêu cầu</translation>
    </message>
    <message>
        <source>numpy: {description} rasterizes on the CPU, where the numpy canvas costs less ({variable}=gl to use it anyway)</source>
        <translation>numpy: {description} vẽ bằng CPU, nơi khung vẽ numpy tốn ít hơn (đặt {variable}=gl để vẫn dùng nó)</translation>
    </message>
    <message>
        <source>numpy: OpenGL unavailable: {description}</source>
        <translation>numpy: không có OpenGL: {description}</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>Điều hành viên</translation>
    </message>
    <message>
        <source>presenter</source>
        <translation>Người trình bày</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>Người xem</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>không có vai trò</translation>
    </message>
</context>
<context>
    <name>RoomAudio</name>
    <message>
        <source>sound on</source>
        <translation>đang phát âm thanh</translation>
    </message>
    <message>
        <source>no sound output</source>
        <translation>không có đầu ra âm thanh</translation>
    </message>
    <message>
        <source>no audio output device: the room mix is not played (meters still work)</source>
        <translation>không có thiết bị đầu ra âm thanh: âm thanh phòng không được phát (đồng hồ mức vẫn hoạt động)</translation>
    </message>
    <message>
        <source>{device} cannot play {rate} Hz 16-bit {channels}-channel audio</source>
        <translation>{device} không phát được âm thanh {rate} Hz 16-bit {channels} kênh</translation>
    </message>
    <message>
        <source>{device}: cannot start playback ({error})</source>
        <translation>{device}: không bắt đầu phát được ({error})</translation>
    </message>
    <message>
        <source>room audio stopped: {error}</source>
        <translation>âm thanh phòng đã dừng: {error}</translation>
    </message>
</context>
<context>
    <name>RoomWallMap</name>
    <message>
        <source>Lock</source>
        <translation>Khoá</translation>
    </message>
    <message>
        <source>Drop a site on a tile to show it on the room&apos;s screen; click a tile to focus it</source>
        <translation>Thả một điểm cầu vào một ô để hiển thị trên màn hình của phòng; bấm vào một ô để đưa ô đó làm ô chính</translation>
    </message>
    <message>
        <source>last change by {name}</source>
        <translation>thay đổi gần nhất bởi {name}</translation>
    </message>
    <message>
        <source>not changed yet</source>
        <translation>chưa thay đổi</translation>
    </message>
    <message>
        <source> · locked by {name}</source>
        <translation> · bị khoá bởi {name}</translation>
    </message>
    <message>
        <source>Room wall · {layout} · {changed}</source>
        <translation>Tường phòng · {layout} · {changed}</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khoá</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Đã khoá</translation>
    </message>
    <message>
        <source>Changing the room wall needs the {needed} role (this console: {role})</source>
        <translation>Thay đổi tường phòng cần vai trò {needed} (máy này: {role})</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The desktop keyring failed ({error}); the token is kept in {file}, readable only by you.</source>
        <translation>Kho khóa của máy tính bị lỗi ({error}); mã truy cập được lưu trong {file}, chỉ bạn đọc được.</translation>
    </message>
    <message>
        <source>The token is kept in the desktop keyring.</source>
        <translation>Mã truy cập được lưu trong kho khóa của máy tính.</translation>
    </message>
    <message>
        <source>No desktop keyring on this computer: the token is kept in {file}, readable only by you.</source>
        <translation>Máy tính này không có kho khóa: mã truy cập được lưu trong {file}, chỉ bạn đọc được.</translation>
    </message>
    <message>
        <source>Connected to this demo&apos;s embedded hub ({url}) as {operator}, role: {role}. It is not saved: the hub address below is the one `opsconsole console` uses.</source>
        <translation>Đang kết nối tới hub nhúng của bản demo này ({url}) với tên {operator}, vai trò: {role}. Địa chỉ này không được lưu: địa chỉ hub bên dưới là địa chỉ mà `opsconsole console` dùng.</translation>
    </message>
    <message>
        <source>Connected to {url} as {operator}, role: {role}.</source>
        <translation>Đang kết nối tới {url} với tên {operator}, vai trò: {role}.</translation>
    </message>
    <message>
        <source>Settings not saved: {error}</source>
        <translation>Chưa lưu được cài đặt: {error}</translation>
    </message>
    <message>
        <source>Settings saved in {path}</source>
        <translation>Đã lưu cài đặt vào {path}</translation>
    </message>
    <message>
        <source>The old settings file had problems; it is kept as {kept}</source>
        <translation>Tệp cài đặt cũ có lỗi; đã giữ lại thành {kept}</translation>
    </message>
    <message>
        <source>Token not saved: {error}</source>
        <translation>Chưa lưu được mã truy cập: {error}</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Cài đặt…</translation>
    </message>
    <message>
        <source>Settings ({keys})</source>
        <translation>Cài đặt ({keys})</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>the file cannot be read ({detail})</source>
        <translation>không đọc được tệp ({detail})</translation>
    </message>
    <message>
        <source>the file is far too large to be settings ({detail})</source>
        <translation>tệp quá lớn, không thể là tệp cài đặt ({detail})</translation>
    </message>
    <message>
        <source>the file is not text ({detail})</source>
        <translation>tệp không phải văn bản ({detail})</translation>
    </message>
    <message>
        <source>the file is not valid JSON ({detail})</source>
        <translation>tệp không phải JSON hợp lệ ({detail})</translation>
    </message>
    <message>
        <source>the file holds a {detail}, not settings</source>
        <translation>tệp chứa một {detail}, không phải cài đặt</translation>
    </message>
    <message>
        <source>unknown setting &quot;{field}&quot; (ignored)</source>
        <translation>cài đặt không xác định &quot;{field}&quot; (bỏ qua)</translation>
    </message>
    <message>
        <source>&quot;{field}&quot; has a value of the wrong type: {detail}</source>
        <translation>&quot;{field}&quot; có giá trị sai kiểu: {detail}</translation>
    </message>
    <message>
        <source>&quot;{field}&quot; has a value that is not allowed: {detail}</source>
        <translation>&quot;{field}&quot; có giá trị không được phép: {detail}</translation>
    </message>
    <message>
        <source>The settings file {path} has problems; defaults are used instead:</source>
        <translation>Tệp cài đặt {path} có lỗi; dùng giá trị mặc định thay thế:</translation>
    </message>
    <message>
        <source>The file as it was is kept in {kept}.</source>
        <translation>Tệp như trước đây được giữ lại trong {kept}.</translation>
    </message>
    <message>
        <source>Connect to a hub</source>
        <translation>Kết nối tới hub</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>This console has no hub yet. Enter the hub&apos;s address and your token (from an administrator), test them, then connect.</source>
        <translation>Máy này chưa có hub. Hãy nhập địa chỉ của hub và mã truy cập của bạn (do quản trị viên cấp), kiểm tra rồi kết nối.</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Địa chỉ máy chủ (hub)</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Mã truy cập</translation>
    </message>
    <message>
        <source>the system&apos;s CAs</source>
        <translation>các CA của hệ thống</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <source>CA file (PEM)</source>
        <translation>Tệp CA (PEM)</translation>
    </message>
    <message>
        <source>ot_… (from an administrator)</source>
        <translation>ot_… (do quản trị viên cấp)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Automatic (OpenGL when it works)</source>
        <translation>Tự động (OpenGL khi dùng được)</translation>
    </message>
    <message>
        <source>OpenGL</source>
        <translation>OpenGL</translation>
    </message>
    <message>
        <source>Software (numpy)</source>
        <translation>Phần mềm (numpy)</translation>
    </message>
    <message>
        <source>In the console window</source>
        <translation>Trong cửa sổ điều hành</translation>
    </message>
    <message>
        <source>Screen {n}: {name}</source>
        <translation>Màn hình {n}: {name}</translation>
    </message>
    <message>
        <source>Screen {n} (not connected now)</source>
        <translation>Màn hình {n} (hiện không kết nối)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Mặc định của hệ thống</translation>
    </message>
    <message>
        <source>{device} (not connected now)</source>
        <translation>{device} (hiện không kết nối)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Wall renderer</source>
        <translation>Bộ kết xuất tường video</translation>
    </message>
    <message>
        <source>Wall screen</source>
        <translation>Màn hình tường</translation>
    </message>
    <message>
        <source>Audio output</source>
        <translation>Đầu ra âm thanh</translation>
    </message>
    <message>
        <source>Language, renderer, wall screen and hub take effect at the next start.</source>
        <translation>Ngôn ngữ, bộ kết xuất, màn hình tường và hub có hiệu lực từ lần khởi động sau.</translation>
    </message>
    <message>
        <source>Save and connect</source>
        <translation>Lưu và kết nối</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>Testing {url} …</source>
        <translation>Đang kiểm tra {url} …</translation>
    </message>
    <message>
        <source>Enter the hub&apos;s address first.</source>
        <translation>Hãy nhập địa chỉ của hub trước.</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>Tệp CA</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Chứng chỉ (*.pem *.crt);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>the national board in the wall&apos;s place, and back</source>
        <translation>bản đồ toàn quốc thay cho tường video, và trở lại</translation>
    </message>
    <message>
        <source>find a site (Esc gives the keys back to the wall)</source>
        <translation>tìm điểm cầu (Esc trả phím lại cho tường video)</translation>
    </message>
    <message>
        <source>this list of keys (Esc closes it)</source>
        <translation>danh sách phím này (Esc để đóng)</translation>
    </message>
    <message>
        <source>select a tile</source>
        <translation>chọn ô</translation>
    </message>
    <message>
        <source>move the selection</source>
        <translation>di chuyển ô đang chọn</translation>
    </message>
    <message>
        <source>the selected tile fills the wall, and back</source>
        <translation>phóng to ô đang chọn ra cả tường, và trở lại</translation>
    </message>
    <message>
        <source>leave the full-wall tile</source>
        <translation>thoát ô phóng to</translation>
    </message>
    <message>
        <source>next page</source>
        <translation>trang sau</translation>
    </message>
    <message>
        <source>previous page</source>
        <translation>trang trước</translation>
    </message>
    <message>
        <source>undo the last drop, spot-inspect or pin</source>
        <translation>hoàn tác lần kéo thả, xem nhanh hoặc ghim gần nhất</translation>
    </message>
    <message>
        <source>pin the tile&apos;s site to every page</source>
        <translation>ghim điểm cầu của ô lên mọi trang</translation>
    </message>
    <message>
        <source>mute all sites</source>
        <translation>tắt tiếng tất cả điểm cầu</translation>
    </message>
    <message>
        <source>mute or unmute the selected site</source>
        <translation>tắt tiếng hoặc bật tiếng điểm đang chọn</translation>
    </message>
    <message>
        <source>talk with the selected site</source>
        <translation>nói chuyện với điểm đang chọn</translation>
    </message>
    <message>
        <source>send the selected site to the room wall</source>
        <translation>đưa điểm đang chọn lên tường phòng</translation>
    </message>
</context>
<context>
    <name>SitePanel</name>
    <message>
        <source>province or city</source>
        <translation>Tỉnh/Thành phố</translation>
    </message>
    <message>
        <source>district</source>
        <translation>Huyện/Quận</translation>
    </message>
    <message>
        <source>commune or ward</source>
        <translation>Xã/Phường</translation>
    </message>
    <message>
        <source>NEVER JOINED</source>
        <translation>CHƯA THAM GIA</translation>
    </message>
    <message>
        <source>NOT SEEN</source>
        <translation>CHƯA THẤY</translation>
    </message>
    <message>
        <source>ONLINE</source>
        <translation>TRỰC TUYẾN</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>TRỰC TIẾP</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>ĐỨNG HÌNH</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>NGOẠI TUYẾN</translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation>ĐANG KẾT NỐI</translation>
    </message>
    <message>
        <source>RECONNECTING</source>
        <translation>ĐANG KẾT NỐI LẠI</translation>
    </message>
    <message>
        <source>NO MEDIA PATH</source>
        <translation>KHÔNG CÓ ĐƯỜNG TRUYỀN</translation>
    </message>
    <message>
        <source>AUDIO ONLY (LINK)</source>
        <translation>CHỈ CÓ TIẾNG (ĐƯỜNG TRUYỀN)</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>LỖI</translation>
    </message>
    <message>
        <source>RETIRED</source>
        <translation>ĐÃ GIẢI THỂ</translation>
    </message>
    <message>
        <source>PROVINCE</source>
        <translation>TỈNH</translation>
    </message>
    <message>
        <source>DISTRICT</source>
        <translation>HUYỆN</translation>
    </message>
    <message>
        <source>COMMUNE</source>
        <translation>XÃ</translation>
    </message>
    <message>
        <source>never joined</source>
        <translation>chưa tham gia</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>đã giải thể</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>ngoại tuyến</translation>
    </message>
    <message>
        <source>not seen</source>
        <translation>chưa thấy</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>trực tiếp</translation>
    </message>
    <message>
        <source>through NAT</source>
        <translation>qua NAT</translation>
    </message>
    <message>
        <source>relayed</source>
        <translation>qua máy chuyển tiếp</translation>
    </message>
    <message>
        <source>relayed (UDP)</source>
        <translation>qua máy chuyển tiếp (UDP)</translation>
    </message>
    <message>
        <source>relayed (TCP)</source>
        <translation>qua máy chuyển tiếp (TCP)</translation>
    </message>
    <message>
        <source>relayed (TLS)</source>
        <translation>qua máy chuyển tiếp (TLS)</translation>
    </message>
    <message>
        <source>via the SFU, forwarded</source>
        <translation>qua SFU, chuyển tiếp trực tiếp</translation>
    </message>
    <message>
        <source>via the SFU, WebRTC</source>
        <translation>qua SFU, WebRTC</translation>
    </message>
    <message>
        <source>Pick a site</source>
        <translation>Chọn một điểm cầu</translation>
    </message>
    <message>
        <source>Type a few letters of any commune in the search box (Ctrl+K), or click a tile.</source>
        <translation>Gõ vài chữ của một xã bất kỳ vào ô tìm kiếm (Ctrl+K), hoặc bấm vào một ô.</translation>
    </message>
    <message>
        <source>MUTED</source>
        <translation>ĐÃ TẮT TIẾNG</translation>
    </message>
    <message>
        <source>MIC OPEN</source>
        <translation>MICRÔ MỞ</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Bật tiếng</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <source>Needs the {needed} role (this console: {role})</source>
        <translation>Cần vai trò {needed} (bàn điều khiển này: {role})</translation>
    </message>
    <message>
        <source>its communes join, not the {level}: Enter in the directory lists them</source>
        <translation>các xã của nó tham gia, không phải cấp {level}: Enter trong danh bạ để liệt kê</translation>
    </message>
    <message>
        <source>End talk</source>
        <translation>Kết thúc nói</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Nói chuyện</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>không có</translation>
    </message>
    <message>
        <source> · delay {ms} ms</source>
        <translation> · độ trễ {ms} ms</translation>
    </message>
    <message>
        <source>{size} · {fps} fps · {kbps} kbps · loss {loss} % · RTT {rtt}</source>
        <translation>{size} · {fps} hình/giây · {kbps} kbps · mất gói {loss} % · RTT {rtt}</translation>
    </message>
    <message>
        <source>■ Stop recording</source>
        <translation>■ Dừng ghi hình</translation>
    </message>
    <message>
        <source>● Record</source>
        <translation>● Ghi hình</translation>
    </message>
</context>
<context>
    <name>SitePanelForm</name>
    <message>
        <source>GSO code</source>
        <translation>Mã GSO</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Cấp</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Tỉnh</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Đường truyền</translation>
    </message>
    <message>
        <source>Show in focus</source>
        <translation>Đưa vào ô chính</translation>
    </message>
    <message>
        <source>Bring this site into the focus tile (Enter in the search)</source>
        <translation>Đưa điểm cầu này vào ô chính (Enter trong ô tìm kiếm)</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <source>Stop this site sending audio (M)</source>
        <translation>Ngừng nhận tiếng từ điểm cầu này (M)</translation>
    </message>
    <message>
        <source>Refresh picture</source>
        <translation>Làm mới hình</translation>
    </message>
    <message>
        <source>Ask the site for a keyframe</source>
        <translation>Yêu cầu điểm cầu gửi khung hình chính</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>Nói chuyện</translation>
    </message>
    <message>
        <source>Two-way with this site: it is heard in the room and hears the presenter; every other site hears both in the program feed (T)</source>
        <translation>Hai chiều với điểm cầu này: phòng nghe điểm cầu và điểm cầu nghe người chủ trì; mọi điểm cầu khác nghe cả hai qua kênh chương trình (T)</translation>
    </message>
    <message>
        <source>Solo</source>
        <translation>Chỉ điểm này</translation>
    </message>
    <message>
        <source>Open this site&apos;s microphone and mute every other one</source>
        <translation>Mở micrô của điểm cầu này và tắt tiếng mọi điểm khác</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>Cho phát biểu</translation>
    </message>
    <message>
        <source>The site raised its hand: open its microphone</source>
        <translation>Điểm cầu đã giơ tay: mở micrô của điểm cầu</translation>
    </message>
    <message>
        <source>Dismiss hand</source>
        <translation>Hạ tay</translation>
    </message>
    <message>
        <source>Lower the site&apos;s hand without opening its microphone</source>
        <translation>Hạ tay điểm cầu mà không mở micrô</translation>
    </message>
    <message>
        <source>● Record</source>
        <translation>● Ghi hình</translation>
    </message>
    <message>
        <source>Record this site&apos;s picture and sound into a WebM file (as received, not re-encoded); the site is told it is recorded</source>
        <translation>Ghi hình và tiếng của điểm cầu này vào tệp WebM (như khi nhận, không mã hoá lại); điểm cầu được báo là đang bị ghi hình</translation>
    </message>
    <message>
        <source>Bookmark…</source>
        <translation>Đánh dấu…</translation>
    </message>
    <message>
        <source>A note at this moment of the recording</source>
        <translation>Một ghi chú tại thời điểm này của bản ghi</translation>
    </message>
</context>
<context>
    <name>TileOverlay</name>
    <message>
        <source>HAND RAISED</source>
        <translation>GIƠ TAY</translation>
    </message>
    <message>
        <source>HAND</source>
        <translation>TAY</translation>
    </message>
    <message>
        <source>TALKING</source>
        <translation>ĐANG NÓI</translation>
    </message>
    <message>
        <source>TALK</source>
        <translation>NÓI</translation>
    </message>
    <message>
        <source>REDUCED: CPU</source>
        <translation>GIẢM: CPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>TRỰC TIẾP</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>ĐỨNG HÌNH</translation>
    </message>
    <message>
        <source>OFFLINE</source>
        <translation>NGOẠI TUYẾN</translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation>ĐANG KẾT NỐI</translation>
    </message>
    <message>
        <source>RECONNECTING</source>
        <translation>KẾT NỐI LẠI</translation>
    </message>
    <message>
        <source>NEVER JOINED</source>
        <translation>CHƯA THAM GIA</translation>
    </message>
    <message>
        <source>NO MEDIA PATH</source>
        <translation>KHÔNG CÓ ĐƯỜNG TRUYỀN</translation>
    </message>
    <message>
        <source>AUDIO ONLY</source>
        <translation>CHỈ CÓ TIẾNG</translation>
    </message>
    <message>
        <source>No site</source>
        <translation>Không có điểm cầu</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>Waiting for video…</source>
        <translation>Đang chờ hình…</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Không có hình</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Kết nối lại…</translation>
    </message>
    <message>
        <source>Never joined</source>
        <translation>Chưa tham gia</translation>
    </message>
    <message>
        <source>No media path</source>
        <translation>Không có đường truyền</translation>
    </message>
    <message>
        <source>Audio only (link)</source>
        <translation>Chỉ có tiếng (đường truyền yếu)</translation>
    </message>
    <message>
        <source>No site online yet · Ctrl+K finds any commune</source>
        <translation>Chưa có điểm cầu nào trực tuyến · Ctrl+K để tìm xã, phường</translation>
    </message>
    <message>
        <source>The room wall is empty · a desk sends a site here with W</source>
        <translation>Tường phòng đang trống · bàn điều hành gửi điểm cầu lên đây bằng phím W</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>The {language} translation is missing ({path}): the console is in English.</source>
        <translation>Thiếu bản dịch {language} ({path}): bàn điều khiển hiển thị bằng tiếng Anh.</translation>
    </message>
</context>
<context>
    <name>WallToolbar</name>
    <message>
        <source>page {page} / {pages}</source>
        <translation>trang {page} / {pages}</translation>
    </message>
    <message>
        <source>Stop the group&apos;s tour: the wall shows its own sites again</source>
        <translation>Dừng tuần tự nhóm: tường video hiện lại các điểm cầu của mình</translation>
    </message>
    <message>
        <source>Wall layout: grids and focus layouts (the big tile is the focus tile)</source>
        <translation>Bố cục tường video: lưới và bố cục có ô chính (ô lớn là ô chính)</translation>
    </message>
    <message>
        <source>Wall layout</source>
        <translation>Bố cục tường video</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>Trang trước (Page Up)</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
    <message>
        <source>Next page (Space, Page Down)</source>
        <translation>Trang sau (Space, Page Down)</translation>
    </message>
    <message>
        <source>Tour</source>
        <translation>Tuần tự</translation>
    </message>
    <message>
        <source>Cycle the wall&apos;s sites, a page every {s} s</source>
        <translation>Lần lượt xem các điểm cầu trên tường, mỗi trang {s} giây</translation>
    </message>
    <message>
        <source>Fullscreen</source>
        <translation>Toàn tường</translation>
    </message>
    <message>
        <source>The focused tile fills the wall (Enter, F)</source>
        <translation>Ô đang chọn phóng to ra cả tường (Enter, F)</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>M (mute)</source>
        <translation>M (tắt tiếng)</translation>
    </message>
    <message>
        <source>T (talk)</source>
        <translation>T (nói chuyện)</translation>
    </message>
    <message>
        <source>W (send to the room wall)</source>
        <translation>W (đưa lên tường phòng)</translation>
    </message>
    <message>
        <source>{what}: no site selected — click a tile or press 1–9 first</source>
        <translation>{what}: chưa chọn điểm cầu nào — hãy bấm vào một ô hoặc nhấn 1–9 trước</translation>
    </message>
    <message>
        <source>{what}: {site}, the site you chose, is not on the screen now — nothing done; choose a tile</source>
        <translation>{what}: {site}, điểm cầu bạn đã chọn, hiện không có trên màn hình — không làm gì; hãy chọn một ô</translation>
    </message>
    <message>
        <source>{what}: {site} is not online</source>
        <translation>{what}: {site} không trực tuyến</translation>
    </message>
    <message>
        <source>back: nothing to undo (spot-inspects, drops and pins are undone here)</source>
        <translation>quay lại: không có gì để hoàn tác (xem nhanh, kéo thả và ghim được hoàn tác tại đây)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>không có gì</translation>
    </message>
    <message>
        <source>back: tile {tile} (page {page}) shows {site} again</source>
        <translation>quay lại: ô {tile} (trang {page}) lại hiển thị {site}</translation>
    </message>
    <message>
        <source> instead of {site}</source>
        <translation> thay cho {site}</translation>
    </message>
    <message>
        <source>; not brought back (offline): {sites}</source>
        <translation>; không đưa trở lại (ngoại tuyến): {sites}</translation>
    </message>
    <message>
        <source>pin: tile {tile} is empty</source>
        <translation>ghim: ô {tile} đang trống</translation>
    </message>
    <message>
        <source>pinned {site} to tile {tile} on every page (P again unpins)</source>
        <translation>đã ghim {site} vào ô {tile} trên mọi trang (nhấn P lần nữa để bỏ ghim)</translation>
    </message>
    <message>
        <source>tile {tile} unpinned: it pages again</source>
        <translation>đã bỏ ghim ô {tile}: ô lại lật trang</translation>
    </message>
    <message>
        <source>click ignored: the page turned under it (tile {tile} shows {site} now)</source>
        <translation>bỏ qua cú nhấp: trang đã lật đúng lúc nhấp (ô {tile} giờ hiện {site})</translation>
    </message>
    <message>
        <source>drop: {site} on tile {tile} (page {page} only)</source>
        <translation>kéo thả: {site} vào ô {tile} (chỉ trang {page})</translation>
    </message>
    <message>
        <source>, in place of {site}</source>
        <translation>, thay cho {site}</translation>
    </message>
    <message>
        <source> · Backspace undoes it</source>
        <translation> · Backspace để hoàn tác</translation>
    </message>
</context>
</TS>
