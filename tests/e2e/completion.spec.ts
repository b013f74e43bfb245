import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

test("Ban Tổ chức opens the dashboard, drills down to a cell and exports its list as xlsx", async ({ page }) => {
  await login(page, "bantochuc", "/bao-cao");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Báo cáo tiến độ tập huấn");
  await page.getByLabel("Chiến dịch").selectOption({ label: "Tập huấn nghiệp vụ công tác đảng và kỹ năng tổ chức sinh hoạt chi bộ năm 2022" });
  await page.getByRole("button", { name: "Xem" }).click();
  const summary = page.getByRole("region", { name: "Đảng bộ Khối các cơ quan tỉnh Quảng Bình" });
  await expect(summary.getByText("30/06/2022")).toBeVisible();
  await expect(summary.getByText("Quá hạn", { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /Biểu đồ tỷ lệ đã tập huấn/ })).toBeVisible();
  await expectAccessible(page);

  // Drill down: a đảng bộ cơ sở, then one of its chi bộ.
  const children = page.getByRole("region", { name: "Các đơn vị trực thuộc" });
  await children
    .getByRole("link", { name: /^Đảng bộ Sở/ })
    .first()
    .click();
  await expect(page.getByRole("navigation", { name: "Đơn vị" }).getByRole("link", { name: "Đảng bộ Khối các cơ quan tỉnh Quảng Bình" })).toBeVisible();
  await page
    .getByRole("region", { name: "Các đơn vị trực thuộc" })
    .getByRole("link", { name: /^Chi bộ/ })
    .first()
    .click();
  const cellList = page.getByRole("region", { name: "Đối tượng của chi bộ" });
  await expect(cellList).toBeVisible();
  const names = await cellList.locator("tbody th").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), cellList.getByRole("link", { name: "Excel (.xlsx)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^bao-cao-danh-sach-.*\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const file = await readFile((await download.path())!);
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? "")))));
  const header = rows.findIndex((r) => r[1] === "Họ và tên");
  expect(rows[header]).toEqual(["STT", "Họ và tên", "Mã đảng viên", "Chi bộ", "Chức vụ", "Ngày hoàn thành", "Hình thức", "Tiến độ học tập"]);
  const people = rows.slice(header + 1).filter((r) => /^\d+$/.test(r[0] ?? ""));
  // The same people as on the page, in the same (Vietnamese) order.
  expect(people.map((r) => `${r[1]} ${r[2]}`)).toEqual(names.map((n) => n.trim()));
});

test("the dashboard reads on a phone without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await login(page, "donvi", "/bao-cao");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Báo cáo tiến độ tập huấn");
  await expect(page.getByRole("navigation", { name: "Đơn vị" })).toContainText("Đảng bộ Sở Giáo dục và Đào tạo");
  await expectNoHorizontalScroll(page);
  await page.goto("/bao-cao/in");
  await expect(page.getByText("ĐẢNG CỘNG SẢN VIỆT NAM")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("the paged children table of a large unit reads on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await login(page, "bantochuc", "/bao-cao?trang-don-vi=2");
  await expect(page.getByRole("navigation", { name: "Trang các đơn vị trực thuộc" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("the management pages are accessible and fit a phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await login(page, "donvi", "/bao-cao");
  await expectAccessible(page);
  for (const path of ["/bao-cao/chien-dich", "/bao-cao/chien-dich/moi", "/bao-cao/lop", "/bao-cao/nhap-danh-sach"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  }
});

test("an organiser ticks a person on the attendance checklist and it is saved", async ({ page }) => {
  await login(page, "bantochuc", "/bao-cao/lop");
  await page
    .getByRole("link", { name: /năm 2026 \(lớp 1\)/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Lớp tập huấn");
  const filter = page.getByLabel("Lọc theo đơn vị");
  const unitName = (await filter.locator("option").nth(2).textContent())!.trim();
  await filter.selectOption({ index: 2 });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/don-vi=\d+/);
  // The URL changes before the filtered table is rendered: pick a box only from the unit's rows.
  const rows = page.getByRole("region", { name: "Bảng điểm danh" }).locator("tbody tr");
  await expect(rows.filter({ hasNotText: unitName })).toHaveCount(0);
  const box = rows.locator('input[name="present"]:not(:checked)').first();
  const id = await box.getAttribute("value");
  await box.check();
  await page.getByRole("button", { name: "Lưu điểm danh" }).click();
  await expect(page.getByText(/Đã lưu điểm danh: thêm 1, bỏ 0 người/)).toBeVisible();
  await expect(page.locator(`input[name="present"][value="${id}"]`)).toBeChecked();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the children table sorts over all children and pages 50 at a time, keeping the sort", async ({ page }) => {
    await login(page, "bantochuc", "/bao-cao");
    const children = () => page.getByRole("region", { name: "Các đơn vị trực thuộc" });
    const audiences = async () => (await children().locator("tbody tr td:nth-child(2)").allTextContents()).map((t) => Number(t.replace(/\D/g, "")));
    await children().getByRole("link", { name: "Số đối tượng" }).click();
    await children()
      .getByRole("link", { name: /Số đối tượng/ })
      .click();
    await expect(page).toHaveURL(/sap-xep=doi-tuong&chieu=giam/);
    await expect(children().getByRole("columnheader", { name: /Số đối tượng/ })).toHaveAttribute("aria-sort", "descending");
    const first = await audiences();
    expect(first).toHaveLength(50);
    expect(first).toEqual([...first].sort((a, b) => b - a));
    await expect(children().getByText(/^Hiển thị 1–50 trong \d+ đơn vị/)).toBeVisible();
    const total = (await children().locator("tfoot td").first().textContent())!;
    await children().getByRole("navigation", { name: "Trang các đơn vị trực thuộc" }).getByRole("link", { name: "Trang sau ›" }).click();
    await expect(page).toHaveURL(/trang-don-vi=2/);
    await expect(page).toHaveURL(/sap-xep=doi-tuong&chieu=giam/);
    const second = await audiences();
    expect(second.length).toBeGreaterThan(0);
    expect(second).toEqual([...second].sort((a, b) => b - a));
    expect(second[0]).toBeLessThanOrEqual(first.at(-1)!);
    // The total row covers every child, on every page.
    await expect(children().locator("tfoot td").first()).toHaveText(total);
    await expect(children().getByText(/^Hiển thị 51–/)).toBeVisible();
  });
});
