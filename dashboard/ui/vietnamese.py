"""Vietnamese for the texts Streamlit's own frontend draws (the one dictionary; `theme.VIETNAMESE_SCRIPT` applies it).

Streamlit 1.67 has no locale setting: the login form's hint, the multiselect's "No results", the table and
chart toolbars and their tooltips, the upload box, the running status, "Page not found", the skip link are
English in its bundle. What a config option can remove is removed there (`client.toolbarMode = "minimal"`
hides the main menu: Print, Record screen, Made with Streamlit); the rest is rewritten in the browser, text
nodes and the `aria-label`/`title`/`placeholder` attributes alike, by the small script in `ui/theme.py`.

EXACT: a whole text (trimmed) → its Vietnamese; also the part before ": " (the chart toolbar says
"Download as PNG: <the chart's title>"). PATTERNS: a JavaScript regular expression over the whole text
→ the replacement (`$1` is the first group), for texts with a name or a number in them.
"""
from __future__ import annotations

EXACT = {
    # page frame
    "Skip to main content": "Chuyển đến nội dung chính",
    "Main menu": "Trình đơn",
    "App pages": "Các trang",
    "Sidebar": "Thanh bên",
    "Collapse sidebar": "Thu gọn thanh bên",
    "Expand sidebar": "Mở thanh bên",
    "Close": "Đóng",
    "Dismiss": "Đóng",
    "Page not found": "Không tìm thấy trang",
    # running status
    "Running...": "Đang chạy…",
    "Stop": "Dừng",
    "Stopping...": "Đang dừng…",
    "Rerun": "Chạy lại",
    "Connecting": "Đang kết nối",
    "Please wait...": "Vui lòng chờ…",
    # main menu (hidden by client.toolbarMode = "minimal"; kept should a menu item ever be added)
    "Print": "In trang",
    "Record screen": "Ghi màn hình",
    "Stop recording": "Dừng ghi",
    "Copy version to clipboard": "Sao chép số phiên bản",
    "Settings": "Cài đặt",
    "About": "Giới thiệu",
    "Clear cache": "Xóa bộ nhớ đệm",
    # selectbox and multiselect
    "Open": "Mở danh sách",
    "No results": "Không có kết quả",
    "No options": "Không có lựa chọn",
    "Select all": "Chọn tất cả",
    "Clear all": "Bỏ chọn tất cả",
    "Clear value": "Bỏ chọn",
    "Choose an option": "Chọn một mục",
    "Choose options": "Chọn các mục",
    "Selected values": "Các mục đã chọn",
    "Multiselect options": "Các lựa chọn",
    "Selectbox options": "Các lựa chọn",
    # text and date inputs
    "Show password": "Hiện các ký tự đã gõ",
    "Hide password": "Ẩn các ký tự đã gõ",
    "Clear entry": "Xóa nội dung",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Choose date": "Chọn ngày",
    "Choose date range": "Chọn khoảng ngày",
    "Clear date": "Xóa ngày",
    "Clear dates": "Xóa các ngày",
    "Date range": "Khoảng ngày",
    "Quick select a date range": "Chọn nhanh khoảng ngày",
    "Select...": "Chọn…",
    # element toolbar, charts
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Show data": "Xem số liệu",
    "Show chart": "Xem biểu đồ",
    "Download as PNG": "Tải ảnh PNG",
    "Copy Vega-Lite spec": "Sao chép đặc tả biểu đồ",
    "Copied!": "Đã sao chép",
    "Vega visualization": "Biểu đồ",
    "visualization": "biểu đồ",  # the chart's aria-roledescription
    # tables
    "Download as CSV": "Tải CSV",
    "Search": "Tìm trong bảng",
    "Type to search": "Gõ để tìm",
    "Close Search": "Đóng tìm kiếm",
    "Next Result": "Kết quả sau",
    "Previous Result": "Kết quả trước",
    "Show/hide columns": "Hiện/ẩn cột",
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    "Copy column name": "Sao chép tên cột",
    "Dataframe column menu": "Tùy chọn cột",
    "Clear selection": "Bỏ chọn",
    "No data": "Không có số liệu",
    "empty": "(trống)",
    # upload box
    "Upload": "Chọn tệp",
    "Add files": "Thêm tệp",
    "Drag and drop file here": "Kéo thả tệp vào đây",
    "Drag and drop a file here": "Kéo thả tệp vào đây",
    "Drag and drop files here": "Kéo thả các tệp vào đây",
    "Browse files": "Chọn tệp",
    "Delete": "Xóa",
}

PATTERNS = [
    (r"^Help for (.+)$", "Giải thích: $1"),
    (r"^Press Enter to submit form$", "Nhấn Enter để gửi"),
    (r"^Press Enter to apply$", "Nhấn Enter để áp dụng"),
    (r"^Press (⌘|Ctrl)\+Enter to submit form$", "Nhấn $1+Enter để gửi"),
    (r"^Press (⌘|Ctrl)\+Enter to apply$", "Nhấn $1+Enter để áp dụng"),
    (r"^(\d+)(B|KB|MB|GB) per file$", "tối đa $1 $2 mỗi tệp"),
    (r"^(\d+)\.(\d+)(B|KB|MB|GB)$", "$1,$2 $3"),  # an uploaded file's size, "8.0B" → "8,0 B"
    (r"^(\d+)(B|KB|MB|GB)$", "$1 $2"),
    (r"^You have requested page (.+), but no corresponding file was found in the app's pages/ directory\..*$",
     "Không có trang $1. Đang mở trang chính."),
    (r"^The page that you have requested does not seem to exist\..*$", "Không có trang này. Đang mở trang chính."),
    (r"^Remove (.+)$", "Bỏ chọn $1"),
    (r"^Add: (.+)$", "Thêm: $1"),
    (r"^Select (\d+) matches$", "Chọn $1 mục khớp"),
    (r"^Made with Streamlit.*$", "Bảng điều hành"),
    (r"^Title text '(.*)'$", "Tiêu đề: $1"),  # Vega keeps these on a chart title even with aria=False
    (r"^Subtitle text '(.*)'$", "Phụ đề: $1"),
    (r"^(\w+) icon$", "biểu tượng"),
]
