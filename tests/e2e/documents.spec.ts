import { expect, test, type Page } from "@playwright/test";
import { login } from "./support";

/** The page size of every page of a PDF, in points. */
function pageSizes(pdf: Buffer) {
  return [...pdf.toString("latin1").matchAll(/\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
const A4 = [595.28, 841.89];

async function expectA4Portrait(page: Page) {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const sizes = pageSizes(pdf);
  expect(sizes.length).toBeGreaterThan(0);
  for (const [w, h] of sizes) {
    expect(Math.abs(w! - A4[0]!)).toBeLessThan(2);
    expect(Math.abs(h! - A4[1]!)).toBeLessThan(2);
  }
}

test("the printed training report is a party report on A4: header, number, signature block, Nơi nhận", async ({ page }) => {
  await login(page, "bantochuc");
  await page.goto("/bao-cao");
  await page.getByRole("link", { name: "Bản in báo cáo" }).click();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByText("ĐẢNG CỘNG SẢN VIỆT NAM")).toBeVisible();
  await expect(page.getByText("Số …-BC/…")).toBeVisible();
  await expect(page.getByText(/^Quảng Bình, ngày \d{2} tháng \d{1,2} năm \d{4}$/)).toBeVisible();
  await expect(page.getByText("Nơi nhận:")).toBeVisible();
  await expect(page.getByText("T/M BAN THƯỜNG VỤ")).toBeVisible();
  // The issuing body's name is never broken inside a word.
  const issuer = page.locator(".report-head .issuer");
  const breaksInsideWord = await issuer.evaluate((el) => getComputedStyle(el).overflowWrap === "anywhere");
  expect(breaksInsideWord).toBe(false);
  await expectA4Portrait(page);
  await page.screenshot({ path: "test-results/report-print.png", fullPage: true });
});

test("the printed contest results carry the committee's header and the contest's signer; the certificate is one A4 landscape page", async ({ page }) => {
  await login(page, "thisinh1");
  await page
    .getByRole("region", { name: "Hội thi của đồng chí" })
    .getByRole("link", { name: /Sở Giáo dục và Đào tạo năm 2022/ })
    .click();
  const certificate = await page.getByRole("link", { name: "Tải giấy chứng nhận (PDF)" }).getAttribute("href");
  await page.getByRole("link", { name: "Kết quả", exact: true }).click();
  await expect(page).toHaveURL(/\/ket-qua$/);
  await expect(page.getByText("Nơi nhận:")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByText("Nơi nhận:")).toBeVisible();
  await expect(page.getByText("T/M BAN TỔ CHỨC HỘI THI")).toBeVisible();
  await expect(page.getByText("TRƯỞNG BAN")).toBeVisible();
  await expectA4Portrait(page);
  const response = await page.request.get(certificate!);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const sizes = pageSizes(await response.body());
  expect(sizes).toEqual([[841.89, 595.28]]);
});

test("the meetings report and the quarterly review print with the same party-document header and foot, on A4", async ({ page }) => {
  await login(page, "bantochuc");
  for (const path of ["/sinh-hoat/bao-cao/in", "/sinh-hoat/so-ket"]) {
    await page.goto(path);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByText("ĐẢNG CỘNG SẢN VIỆT NAM")).toBeVisible();
    await expect(page.getByText("Số …-BC/…")).toBeVisible();
    await expect(page.getByText(/^Quảng Bình, ngày \d{2} tháng \d{1,2} năm \d{4}$/)).toBeVisible();
    await expect(page.getByText("Nơi nhận:")).toBeVisible();
    await expect(page.getByText("Lưu Văn phòng.", { exact: false })).toBeVisible();
    await expect(page.getByText("T/M BAN THƯỜNG VỤ")).toBeVisible();
    await expect(page.locator(".document-foot .signature-space")).toHaveCount(1);
    await expectA4Portrait(page);
    await page.emulateMedia({ media: "screen" });
  }
});
