import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

// The demo secretary brings the cell's old register (kept in Excel) onto the platform, on a phone
// without JavaScript: downloads the template, uploads the register filled in Calc, and sees the
// meetings listed as imported.
test.describe.configure({ mode: "serial" });

test("a secretary imports the cell's past meetings from a spreadsheet at 360 px without JavaScript", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, acceptDownloads: true });
  const page = await context.newPage();
  await login(page, "bithu", "/sinh-hoat");
  await page.locator("main").getByRole("listitem").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sổ sinh hoạt");
  await page.getByRole("link", { name: "nhập các kỳ sinh hoạt cũ từ tệp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhập sổ sinh hoạt cũ từ tệp");
  await expect(page.getByText("Chưa nhập kỳ sinh hoạt nào từ tệp.")).toBeVisible();

  // The template lists the cell's members, codes as text.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "tệp mẫu (.xlsx)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^mau-so-sinh-hoat-cb\d+\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync(await download.path())).buffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(3).getCell(5).value).toBe("Mã đảng viên");
  expect(sheet.getColumn(5).numFmt).toBe("@");
  expect(String(sheet.getRow(4).getCell(5).value)).toMatch(/^QB\d{6}$/);

  // The register of Q1 2024 as the office typed it into Calc (tests/fixtures/imports/source/meetings-history.csv).
  await page.getByLabel("Tệp sổ sinh hoạt (.xlsx hoặc .csv)").setInputFiles("tests/fixtures/imports/meetings-history-calc.xlsx");
  await page.getByRole("button", { name: "Nhập sổ sinh hoạt" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã nhập 4 kỳ sinh hoạt (28 lượt điểm danh), từ 05/01/2024 đến 28/03/2024." })).toBeVisible();
  const rows = page.getByRole("region", { name: "Các kỳ sinh hoạt đã nhập từ tệp" }).getByRole("row");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1)).toContainText("28/03/2024");
  await expect(rows.nth(1)).toContainText("Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh");
  await expect(rows.nth(1)).toContainText("6/7");
  await expect(page.getByText("nhập từ tệp", { exact: true })).toHaveCount(4);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "test-results/meetings-import-360.png", fullPage: true });

  // The same file again writes nothing.
  await page.getByLabel("Tệp sổ sinh hoạt (.xlsx hoặc .csv)").setInputFiles("tests/fixtures/imports/meetings-history-windows-1258.csv");
  await page.getByRole("button", { name: "Nhập sổ sinh hoạt" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Không có kỳ sinh hoạt mới để nhập. Bỏ qua 4 kỳ đã có trong sổ" })).toBeVisible();
  await expect(rows).toHaveCount(5);
  await context.close();
});

test("the import page at 1280 px: accessible, the meetings listed as imported", async ({ page }) => {
  await login(page, "bithu", "/sinh-hoat");
  const cellHref = await page.locator("main").getByRole("listitem").getByRole("link").first().getAttribute("href");
  await page.goto(`${cellHref}/nhap`);
  await expect(page.getByRole("heading", { name: "Các kỳ sinh hoạt đã nhập từ tệp (4)" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/meetings-import-1280.png", fullPage: true });
});
