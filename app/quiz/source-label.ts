/** Short names of the cited documents (content/sources/), for source citations in reviews. */
const DOCUMENT_TITLES: Record<string, string> = {
  "000_cc7b9622c9bc6dfa.txt": "Kết luận 132-KL/ĐUK (01/4/2014)",
  "001_0af4f9b4e6b8a21f.txt": "Đề án 01-ĐA/ĐUK (01/4/2022)",
  "002_900d4e3dfc0f17bc.txt": "Kết luận 06-KL/ĐUK (08/02/2022)",
  "003_2160fbdf228d37d6.txt": "Kết luận Hội nghị lần thứ 13 Đảng ủy Khối (24/7/2023)",
  "004_129091b95609afa7.txt": "Thông báo kết luận của Thường trực Tỉnh ủy (01/4/2014)",
  "domain.md": "Tài liệu nghiệp vụ tổng hợp",
};

/** "001_0af4f9b4e6b8a21f.txt §III.5(2)" → "Đề án 01-ĐA/ĐUK (01/4/2022), mục III.5(2)" */
export function citeSource(source: string) {
  const match = /^(\S+\.(?:txt|md)) §(.+)$/.exec(source.trim());
  if (!match) return source;
  return `${DOCUMENT_TITLES[match[1]!] ?? match[1]}, mục ${match[2]!.trim()}`;
}

const timeFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** hh:mm:ss in Asia/Ho_Chi_Minh (the "Đã lưu" status, the deadline). */
export function formatClock(value: Date | string) {
  const parts: Record<string, string> = {};
  for (const p of timeFormat.formatToParts(new Date(value))) parts[p.type] = p.value;
  return `${parts.hour}:${parts.minute}:${parts.second}`;
}
