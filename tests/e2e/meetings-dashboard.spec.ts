import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

const TARGET_TITLES = [
  "Chi bộ thực hiện đúng chế độ sinh hoạt",
  "Kỳ sinh hoạt có từ 95% đảng viên dự trở lên",
  "Lượt vắng mặt không có lý do",
  "Chi bộ được đánh giá chất lượng sinh hoạt tốt",
  "Chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên",
  "Đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên",
];

async function openDashboard(page: Page) {
  await login(page, "bantochuc", "/sinh-hoat/bao-cao");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sinh hoạt chi bộ: kết quả so với chỉ tiêu Đề án");
}

test("Ban Tổ chức sees the targets, picks a period, drills down to a cell and exports", async ({ page }) => {
  await openDashboard(page);
  const targets = page.getByRole("region", { name: /Đảng bộ Khối các cơ quan tỉnh Quảng Bình · / });
  for (const title of TARGET_TITLES) await expect(targets.getByRole("heading", { name: title })).toBeVisible();
  // The help text quotes the Đề án with its citation.
  await targets.getByText("Căn cứ và cách tính").first().click();
  await expect(targets.getByText("(Đề án 01-ĐA/ĐUK, §II.1.2(1))")).toBeVisible();

  // A quarter: the trend lists the quarters of its year up to it.
  const quarter = await page.getByLabel("Kỳ báo cáo").locator("optgroup[label='Quý'] option").first().textContent();
  await page.getByLabel("Kỳ báo cáo").selectOption({ label: quarter! });
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`· ${quarter!.replace("/", "\\/")}$`) })).toBeVisible();
  await expect(page.getByRole("region", { name: "Bảng diễn biến các chỉ tiêu" }).getByRole("link", { name: quarter! })).toBeVisible();
  await expectAccessible(page);

  // Drill down: a đảng bộ cơ sở, then one of its chi bộ, whose meetings list shows.
  await page
    .getByRole("region", { name: "Các đơn vị trực thuộc" })
    .locator("tbody")
    .getByRole("link", { name: /^Đảng bộ Sở/ })
    .first()
    .click();
  await expect(page.getByRole("navigation", { name: "Đơn vị" }).getByRole("link", { name: "Đảng bộ Khối các cơ quan tỉnh Quảng Bình" })).toBeVisible();
  await page
    .getByRole("region", { name: "Các đơn vị trực thuộc" })
    .locator("tbody")
    .getByRole("link", { name: /^Chi bộ/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "Các kỳ sinh hoạt của chi bộ" })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("ky")).toMatch(/^\d{4}-Q[1-4]$/);
  await expectAccessible(page);

  // The targets table as a workbook set up for A4.
  const section = page.getByRole("region", { name: /· Quý/ });
  const [download] = await Promise.all([page.waitForEvent("download"), section.getByRole("link", { name: "Excel (.xlsx)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sinh-hoat-chi-tieu-dv\d+-.*\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.pageSetup.paperSize).toBe(9);
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  const header = rows.findIndex((r) => r[0] === "Chỉ tiêu");
  expect(rows.slice(header + 1, header + 7).map((r) => r[0])).toEqual(TARGET_TITLES);
});

test("the dashboard and its print view read on a phone", async ({ page }) => {
  test.slow(); // four axe runs over the largest pages of the app
  await page.setViewportSize({ width: 360, height: 800 });
  await openDashboard(page);
  await expect(page.getByRole("heading", { name: "Các đơn vị trực thuộc" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Bản in báo cáo" }).click();
  await expect(page.getByText("ĐẢNG CỘNG SẢN VIỆT NAM")).toBeVisible();
  await expect(page.getByText("Nơi nhận:")).toBeVisible();
  await expect(page.getByRole("heading", { name: "BÁO CÁO" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // The quarterly review prints in the same layout and reads on a phone.
  await page.goto("/sinh-hoat/so-ket");
  await expect(page.getByRole("heading", { name: "2. Việc đi dự sinh hoạt chi bộ theo phân công" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Bảng việc đi dự sinh hoạt theo phân công" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});
