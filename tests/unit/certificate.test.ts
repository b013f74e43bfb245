import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { certificateText, renderCertificate, type CertificateInput } from "~/contest/certificate.server";
import { placeAndDate } from "~/utils/party-document";

const input: CertificateInput = {
  contestName: "Hội thi “Bí thư chi bộ giỏi” Đảng bộ Sở Giáo dục và Đào tạo năm 2022",
  organiserName: "Đảng bộ Sở Giáo dục và Đào tạo",
  fullName: "Nguyễn Ngọc Khánh",
  unitName: "Đảng bộ Sở Giáo dục và Đào tạo",
  prize: "Giải Nhất",
  rank: 1,
  issuedOn: "2022-05-20",
  signer: { capacity: "T/M BAN TỔ CHỨC HỘI THI", title: "TRƯỞNG BAN", name: "Nguyễn Minh Giang" },
};

describe("certificate", () => {
  it("writes the place and date in the party-document form", () => {
    expect(placeAndDate("2022-05-20")).toBe("Quảng Bình, ngày 20 tháng 5 năm 2022");
    expect(placeAndDate("2022-02-05")).toBe("Quảng Bình, ngày 05 tháng 02 năm 2022");
    expect(placeAndDate("2026-12-05")).toBe("Quảng Bình, ngày 05 tháng 12 năm 2026");
  });

  it("has the header, title and the contest's signature block", () => {
    const text = certificateText(input);
    expect(text.issuer).toBe("ĐẢNG BỘ SỞ GIÁO DỤC VÀ ĐÀO TẠO");
    expect(text.party).toBe("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(text.title).toBe("GIẤY CHỨNG NHẬN");
    expect(text.placeDate).toBe("Quảng Bình, ngày 20 tháng 5 năm 2022");
    expect(text.signature).toEqual(["T/M BAN TỔ CHỨC HỘI THI", "TRƯỞNG BAN", "Nguyễn Minh Giang"]);
  });

  it("renders one A4 landscape page, a long name included", async () => {
    const long = {
      ...input,
      fullName: "Tôn Nữ Hoàng Thị Phương Quỳnh Như Nguyệt Ánh Dương Khuê Minh Châu Bảo Ngọc",
      unitName: "Đảng bộ Bệnh viện Hữu nghị Việt Nam – Cu Ba Đồng Hới tỉnh Quảng Bình",
      contestName: "Hội thi “Bí thư chi bộ giỏi” Đảng bộ Bệnh viện Hữu nghị Việt Nam – Cu Ba Đồng Hới tỉnh Quảng Bình lần thứ nhất, nhiệm kỳ 2025–2030",
    };
    for (const [name, value] of [
      ["normal", input],
      ["long", long],
    ] as const) {
      const pdf = await renderCertificate(value);
      const raw = pdf.toString("latin1");
      expect(raw.startsWith("%PDF-")).toBe(true);
      expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(1);
      expect(raw).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
      // Rendered to PNG for a look when poppler is installed (pdftoppm).
      if (existsSync("/usr/bin/pdftoppm")) {
        mkdirSync("test-results", { recursive: true });
        writeFileSync(`test-results/certificate-${name}.pdf`, pdf);
        execFileSync("pdftoppm", ["-png", "-r", "60", "-singlefile", `test-results/certificate-${name}.pdf`, `test-results/certificate-${name}`]);
        expect(existsSync(`test-results/certificate-${name}.png`)).toBe(true);
      }
    }
  });
});
