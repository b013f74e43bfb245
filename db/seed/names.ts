import type { Random } from "./random";

// Family names with rough frequencies in Vietnam (%).
const FAMILY = [
  ["Nguyễn", 38], ["Trần", 11], ["Lê", 9.5], ["Phạm", 7], ["Hoàng", 5], ["Phan", 4.5], ["Võ", 3.9],
  ["Đặng", 2.1], ["Bùi", 2], ["Đỗ", 1.4], ["Hồ", 1.3], ["Ngô", 1.3], ["Dương", 1], ["Lý", 0.5],
  ["Trương", 1], ["Đinh", 0.8], ["Mai", 0.5], ["Cao", 0.5], ["Lương", 0.4], ["Hà", 0.5],
] as const;
const MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Đình", "Trọng", "Anh"];
const MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Kim", "Phương", "Diệu", "Bích"];
const GIVEN_MALE = [
  "An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Định", "Đông", "Giang", "Hải", "Hào", "Hiếu",
  "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Kiên", "Lâm", "Long", "Lộc", "Luân", "Mạnh", "Minh",
  "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh",
  "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
];
const GIVEN_FEMALE = [
  "An", "Anh", "Bích", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
  "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
  "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Yến",
];

export function randomName(random: Random) {
  const gender = random.chance(0.52) ? "nam" : "nu";
  return {
    gender,
    familyName: random.weighted(FAMILY),
    middleName: random.pick(gender === "nam" ? MIDDLE_MALE : MIDDLE_FEMALE),
    givenName: random.pick(gender === "nam" ? GIVEN_MALE : GIVEN_FEMALE),
  } as const;
}

/** Grassroots organisations of a provincial agencies bloc (names are illustrative). */
export const DANG_BO_CO_SO = [
  "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tư pháp",
  "Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường", "Sở Xây dựng",
  "Sở Giao thông vận tải", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao", "Sở Du lịch",
  "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Thanh tra tỉnh", "Cục Thuế tỉnh",
  "Kho bạc Nhà nước tỉnh", "Bảo hiểm xã hội tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh", "Cục Hải quan",
  "Cục Thống kê", "Đài Phát thanh - Truyền hình tỉnh", "Báo Quảng Bình", "Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới",
  "Trường Đại học Quảng Bình", "Trường Cao đẳng Kỹ thuật Công nông nghiệp", "Trường Chính trị tỉnh",
  "Văn phòng UBND tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh",
  "Cục Thi hành án dân sự tỉnh", "Ban Quản lý Khu kinh tế", "Vườn quốc gia Phong Nha - Kẻ Bàng",
  "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp", "Trung tâm Kiểm soát bệnh tật tỉnh",
  "Bệnh viện Y học cổ truyền tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
];
export const CHI_BO_CO_SO = [
  "Cơ quan Đảng ủy Khối", "Ban Dân tộc", "Sở Ngoại vụ", "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh",
  "Tỉnh Đoàn", "Liên đoàn Lao động tỉnh", "Hội Cựu chiến binh tỉnh", "Liên minh Hợp tác xã", "Hội Chữ thập đỏ tỉnh",
  "Liên hiệp các Hội Khoa học và Kỹ thuật", "Hội Văn học nghệ thuật", "Hội Nhà báo tỉnh", "Ban Tôn giáo",
  "Trung tâm Xúc tiến đầu tư", "Quỹ Đầu tư phát triển", "Trung tâm Phục vụ hành chính công", "Bảo tàng tỉnh",
  "Thư viện tỉnh", "Trung tâm Văn hóa tỉnh", "Nhà xuất bản", "Hội Luật gia tỉnh", "Hội Người mù tỉnh",
  "Hội Khuyến học tỉnh", "Ban Bảo vệ chăm sóc sức khỏe cán bộ", "Trung tâm Nước sạch và Vệ sinh môi trường",
  "Chi cục Kiểm lâm", "Đoàn Luật sư tỉnh", "Trung tâm Công nghệ thông tin tỉnh", "Ban Quản lý Cảng cá",
];
export const CELL_NAMES = [
  "Văn phòng", "Phòng Tổ chức - Cán bộ", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Nghiệp vụ 1",
  "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3", "Phòng Tổng hợp", "Trung tâm Dịch vụ", "Phòng Quản lý chuyên ngành",
  "Phòng Pháp chế", "Trung tâm Thông tin", "Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Phòng Hành chính - Quản trị",
];
