"""Administrative procedures (thủ tục hành chính) handled at the provincial service centre
(Trung tâm Phục vụ - Kiểm soát TTHC tỉnh), with the department that resolves them.

`time_limit_days` is the statutory limit in working days; None means resolved on the spot
(same day). `weight` is the relative 2021 volume, `online`/`postal` the relative propensity
to be filed online or by post (used to choose *which* dossiers get each channel; the
channel totals themselves are exact).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    time_limit_days: int | None
    unit: str | None  # the department resolving it (a former Quảng Ngãi code); None: a commune's
    weight: float
    online: float = 1.0
    postal: float = 1.0

    @property
    def same_day(self) -> bool:
        return self.time_limit_days is None


P = Procedure
PROCEDURES = [
    # Văn phòng UBND tỉnh: dossiers passed on (liên thông) to the UBND / the Chairman for decision.
    P("VPUB-01", "Giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất đối với tổ chức (liên thông trình UBND tỉnh)",
      "Liên thông trình UBND tỉnh", 20, "VPUB", 5, 0.3, 0.2),
    P("VPUB-02", "Quyết định chủ trương đầu tư dự án đầu tư ngoài khu kinh tế (liên thông trình UBND tỉnh)",
      "Liên thông trình UBND tỉnh", 25, "VPUB", 3, 0.4, 0.2),
    P("VPUB-03", "Cấp, gia hạn giấy phép khai thác khoáng sản (liên thông trình UBND tỉnh)",
      "Liên thông trình UBND tỉnh", 20, "VPUB", 1, 0.3, 0.2),
    P("VPUB-04", "Phê duyệt phương án bồi thường, hỗ trợ, tái định cư (liên thông trình Chủ tịch UBND tỉnh)",
      "Liên thông trình UBND tỉnh", 15, "VPUB", 2, 0.2, 0.2),
    # Sở Công Thương: trade promotion is resolved on the spot (report footnote 9: 14.065 dossiers).
    P("SCT-01", "Thông báo thực hiện khuyến mại", "Xúc tiến thương mại", None, "SCT", 11, 3.0, 0.1),
    P("SCT-02", "Thông báo sửa đổi, bổ sung nội dung chương trình khuyến mại", "Xúc tiến thương mại", None, "SCT", 3, 3.0, 0.1),
    P("SCT-03", "Cấp Giấy phép bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", 10, "SCT", 0.6, 0.8, 1.0),
    P("SCT-04", "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai", "Kinh doanh khí", 15, "SCT", 0.3, 0.5, 1.0),
    P("SCT-05", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu", "Kinh doanh xăng dầu", 15, "SCT", 0.2, 0.5, 1.0),
    # Sở Nông nghiệp và PTNT: animal quarantine resolved on the spot (3.214 dossiers in 2021).
    P("SNN-01", "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật trên cạn vận chuyển ra khỏi địa bàn cấp tỉnh",
      "Thú y", None, "SNNPTNT", 3, 0.3, 0.1),
    P("SNN-02", "Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá", "Thủy sản", 3, "SNNPTNT", 0.6, 1.5, 0.5),
    P("SNN-03", "Cấp, cấp lại giấy phép khai thác thủy sản", "Thủy sản", 6, "SNNPTNT", 1.8, 1.5, 0.8),
    P("SNN-04", "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", "Bảo vệ thực vật", 15, "SNNPTNT", 0.4, 0.6, 1.0),
    # Sở Tài nguyên và Môi trường
    P("STNMT-01", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "Đất đai", 10, "STNMT",
      11, 0.4, 1.2),
    P("STNMT-02", "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu cho tổ chức",
      "Đất đai", 20, "STNMT", 1.2, 0.3, 0.8),
    P("STNMT-03", "Cung cấp thông tin, dữ liệu đất đai", "Đất đai", 3, "STNMT", 2.5, 1.2, 1.0),
    P("STNMT-04", "Thẩm định, phê duyệt báo cáo đánh giá tác động môi trường", "Môi trường", 30, "STNMT", 0.3, 0.5, 0.5),
    P("STNMT-05", "Cấp giấy phép khai thác, sử dụng nước mặt", "Tài nguyên nước", 30, "STNMT", 0.1, 0.4, 0.5),
    # Sở Giao thông vận tải
    P("SGTVT-01", "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp", "Đường bộ", 5, "SGTVT", 14, 1.0, 2.2),
    P("SGTVT-02", "Cấp phù hiệu xe ô tô kinh doanh vận tải", "Đường bộ", 2, "SGTVT", 3, 1.6, 1.0),
    P("SGTVT-03", "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", "Đường bộ", 5, "SGTVT", 0.7, 1.2, 1.0),
    P("SGTVT-04", "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn trên đường bộ", "Đường bộ", 2, "SGTVT",
      0.5, 1.5, 0.5),
    # Sở Tư pháp
    P("STP-01", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
      "Lý lịch tư pháp", 10, "STP", 9, 1.0, 2.5),
    P("STP-02", "Đăng ký hành nghề và cấp Thẻ công chứng viên", "Công chứng", 10, "STP", 0.1, 0.3, 0.5),
    P("STP-03", "Cấp Chứng chỉ hành nghề đấu giá tài sản", "Đấu giá tài sản", 10, "STP", 0.05, 0.3, 0.5),
    # Sở Kế hoạch và Đầu tư
    P("SKHDT-01", "Đăng ký thành lập doanh nghiệp (công ty TNHH, công ty cổ phần)", "Thành lập và hoạt động của doanh nghiệp",
      3, "SKHDT", 3.5, 2.5, 0.6),
    P("SKHDT-02", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Thành lập và hoạt động của doanh nghiệp",
      3, "SKHDT", 5, 2.5, 0.6),
    P("SKHDT-03", "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn",
      "Thành lập và hoạt động của doanh nghiệp", 3, "SKHDT", 1.2, 2.5, 0.6),
    P("SKHDT-04", "Điều chỉnh Giấy chứng nhận đăng ký đầu tư", "Đầu tư tại Việt Nam", 10, "SKHDT", 0.4, 0.6, 0.8),
    # Sở Xây dựng
    P("SXD-01", "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II", "Hoạt động xây dựng",
      20, "SXD", 0.5, 0.3, 0.5),
    P("SXD-02", "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng", "Hoạt động xây dựng", 25, "SXD", 0.5, 0.3, 0.5),
    P("SXD-03", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "Hoạt động xây dựng", 20, "SXD", 1.0, 0.5, 1.0),
    # Sở Lao động - Thương binh và Xã hội
    P("SLD-01", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "Việc làm", 5, "SLDTBXH",
      0.4, 1.0, 0.5),
    P("SLD-02", "Giải quyết chế độ trợ cấp một lần đối với người có công với cách mạng", "Người có công", 12, "SLDTBXH",
      1.0, 0.3, 1.0),
    P("SLD-03", "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp", "Giáo dục nghề nghiệp", 10, "SLDTBXH",
      0.1, 0.5, 0.5),
    # Sở Y tế
    P("SYT-01", "Cấp Chứng chỉ hành nghề dược", "Dược phẩm", 20, "SYT", 0.8, 0.8, 1.0),
    P("SYT-02", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", 20, "SYT", 0.7, 0.6, 1.0),
    P("SYT-03", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", 20, "SYT", 0.5, 0.6, 1.0),
    # Sở Giáo dục và Đào tạo
    P("SGDDT-01", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng, chứng chỉ", 2, "SGDDT", 1.2, 0.8, 2.0),
    P("SGDDT-02", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "Văn bằng, chứng chỉ", 5, "SGDDT", 0.3, 0.5, 1.0),
    P("SGDDT-03", "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", "Giáo dục và Đào tạo", 20, "SGDDT", 0.05, 0.5, 0.5),
    # Sở Văn hóa, Thể thao và Du lịch
    P("SVH-01", "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", "Văn hóa cơ sở", 5, "SVHTTDL", 0.2, 0.5, 0.8),
    P("SVH-02", "Công nhận hạng cơ sở lưu trú du lịch", "Du lịch", 30, "SVHTTDL", 0.1, 0.5, 0.5),
    P("SVH-03", "Cấp thẻ hướng dẫn viên du lịch nội địa", "Du lịch", 10, "SVHTTDL", 0.1, 1.0, 0.5),
    # Sở Khoa học và Công nghệ
    P("SKHCN-01", "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
      "An toàn bức xạ và hạt nhân", 10, "SKHCN", 0.2, 0.8, 0.5),
    P("SKHCN-02", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", "Hoạt động khoa học và công nghệ", 10,
      "SKHCN", 0.05, 0.5, 0.5),
    # Sở Thông tin và Truyền thông
    P("STTTT-01", "Cấp giấy phép xuất bản bản tin", "Báo chí", 10, "STTTT", 0.05, 0.8, 0.5),
    P("STTTT-02", "Cấp giấy phép hoạt động in", "Xuất bản, In và Phát hành", 10, "STTTT", 0.05, 0.8, 0.5),
    # Sở Nội vụ, Sở Tài chính, Sở Ngoại vụ, Ban Quản lý KKT
    P("SNV-01", "Công nhận ban vận động thành lập hội", "Tổ chức phi chính phủ", 30, "SNV", 0.05, 0.3, 0.5),
    P("SNV-02", "Đăng ký thuyên chuyển chức sắc, chức việc, nhà tu hành", "Tôn giáo", 20, "SNV", 0.05, 0.3, 0.5),
    P("STC-01", "Đăng ký mã số đơn vị có quan hệ với ngân sách", "Tin học - Thống kê", 2, "STC", 0.6, 1.5, 0.5),
    P("SNGV-01", "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch UBND tỉnh",
      "Công tác lãnh sự và hợp tác quốc tế", 15, "SNGV", 0.05, 0.5, 0.5),
    P("BQL-01", "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án trong khu kinh tế", "Đầu tư tại Việt Nam", 15, "BQLKKT",
      0.15, 0.5, 0.5),
    P("BQL-02", "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu kinh tế, khu công nghiệp",
      "Việc làm", 5, "BQLKKT", 0.5, 1.2, 0.5),
]

# From 2025-07-01 the commune-level units have their own one-stop offices (DOMAIN.md §2.7): civil
# status, certification, household land and building permits moved down from the districts. `unit` is
# None: the commune receiving the dossier is drawn when it is made (seed.dossiers).
COMMUNE_PROCEDURES = [
    P("XA-01", "Đăng ký khai sinh", "Hộ tịch", None, None, 8, 1.5, 0.1),
    P("XA-02", "Đăng ký kết hôn", "Hộ tịch", None, None, 2, 0.8, 0.1),
    P("XA-03", "Đăng ký khai tử", "Hộ tịch", None, None, 2, 0.8, 0.1),
    P("XA-04", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", None, None, 3, 1.5, 0.5),
    P("XA-05", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 3, None, 2, 1.0, 0.3),
    P("XA-06", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", None, None, 10, 0.3, 0.1),
    P("XA-07", "Chứng thực hợp đồng, giao dịch liên quan đến quyền sử dụng đất và nhà ở", "Chứng thực", 2, None,
      1.5, 0.2, 0.2),
    P("XA-08", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (hộ gia đình, cá nhân)",
      "Đất đai", 10, None, 3, 0.4, 1.2),
    P("XA-09", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân", "Đất đai", 20, None,
      1, 0.3, 0.8),
    P("XA-10", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", 15, None, 0.8, 0.5, 0.8),
    P("XA-11", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3, None, 1.2, 1.5, 0.5),
    P("XA-12", "Giải quyết hưởng trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", 10, None, 0.5, 0.3, 0.5),
]

BY_CODE = {p.code: p for p in PROCEDURES + COMMUNE_PROCEDURES}

# Report footnote 9: dossiers received and resolved on the spot in 2021, per procedure group.
ON_THE_SPOT_2021 = {"SNN-01": 3214, "SCT-01+SCT-02": 14065}


def procedure_rows() -> list[tuple]:
    return [(p.code, p.name, p.field, p.time_limit_days) for p in PROCEDURES + COMMUNE_PROCEDURES]
