import { expect, test, type Page } from "@playwright/test";
import { nameSortKey, splitFullName } from "../../app/org/names";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

async function checkPage(page: Page) {
  await expectAccessible(page);
}

async function openFirstChild(page: Page) {
  const link = page.getByRole("region", { name: "Đơn vị trực thuộc" }).locator("tbody a").first();
  const name = (await link.textContent())!;
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

/** From a unit page down the first children (through a đảng bộ bộ phận if any) to a chi bộ. */
async function drillToCell(page: Page) {
  for (let i = 0; i < 3 && !(await page.locator("#members-title").count()); i++) await openFirstChild(page);
  await expect(page.locator("#members-title")).toBeVisible();
}

test("bantochuc browses to a cell, creates a unit, a member with a position and their account, which then logs in", async ({ page }) => {
  await login(page, "bantochuc");
  await page.goto("/quan-tri");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản trị tổ chức");
  await checkPage(page);

  // Root → a đảng bộ cơ sở → a chi bộ.
  await page.getByRole("link", { name: "Đảng bộ Khối các cơ quan tỉnh Quảng Bình" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đảng bộ Khối các cơ quan tỉnh Quảng Bình");
  await expect(page.getByRole("table").first()).toContainText("Đảng bộ cơ sở");
  await checkPage(page);
  const children = page.getByRole("region", { name: "Đơn vị trực thuộc" });
  const dangBoLink = children
    .getByRole("link")
    .filter({ hasText: /^Đảng bộ / })
    .first();
  const dangBoName = (await dangBoLink.textContent())!;
  await dangBoLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(dangBoName);
  await expect(page.getByRole("navigation", { name: "Đường dẫn đơn vị" })).toContainText("Đảng bộ Khối các cơ quan tỉnh Quảng Bình");
  await checkPage(page);
  const dangBoUrl = page.url();

  // Drill down (through a đảng bộ bộ phận if there is one) to a chi bộ with members.
  await drillToCell(page);
  await expect(page.locator("#members-title")).toContainText("Đảng viên");
  await checkPage(page);
  const names = await page.locator("section[aria-labelledby='members-title'] tbody tr td:first-child a").allTextContents();
  expect(names.length).toBeGreaterThan(2);
  const keys = names.map((n) => nameSortKey(splitFullName(n)));
  expect(keys).toEqual([...keys].sort());

  // Create a chi bộ under the đảng bộ.
  await page.goto(dangBoUrl);
  await page.getByText("Tạo đơn vị trực thuộc").click();
  await page.getByLabel("Tên đơn vị mới").fill("Chi bộ Kiểm thử tự động");
  await page.getByLabel("Loại đơn vị").selectOption({ label: "Chi bộ" });
  await page.getByRole("button", { name: "Tạo đơn vị" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chi bộ Kiểm thử tự động");
  await expect(page.getByRole("status")).toContainText("Đã tạo chi bộ");
  await checkPage(page);

  // A bad member first: field messages in Vietnamese.
  await page.getByText("Thêm đảng viên vào chi bộ").click();
  await page.getByLabel("Mã đảng viên").fill("QB000001");
  await page.getByLabel("Họ", { exact: true }).fill("Võ");
  await page.getByLabel("Tên", { exact: true }).fill("Ánh");
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByText("Mã đảng viên này đã có trong hệ thống.")).toBeVisible();
  await checkPage(page);

  await page.getByLabel("Mã đảng viên").fill("QBE2E001");
  await page.getByLabel("Tên đệm").fill("Thị Ngọc");
  await page.getByLabel("Giới tính").selectOption({ label: "Nữ" });
  await page.getByLabel("Năm sinh").fill("1988");
  await page.getByLabel("Số điện thoại").fill("0977 123 456");
  await page.getByLabel("Chức vụ tại chi bộ").selectOption({ label: "Bí thư chi bộ" });
  await page.getByRole("button", { name: "Thêm đảng viên" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Võ Thị Ngọc Ánh");
  await expect(page.locator("section[aria-labelledby='positions-title']")).toContainText("Bí thư chi bộ · Chi bộ Kiểm thử tự động");
  await expect(page.locator("section[aria-labelledby='history-title']")).toContainText("Chi bộ Kiểm thử tự động");
  await checkPage(page);

  // Her account.
  await page.getByLabel("Tên đăng nhập").fill("vo.anh");
  await page.getByLabel("Mật khẩu ban đầu").fill("MatKhau2022");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã tạo tài khoản “vo.anh”");
  await expect(page.locator("section[aria-labelledby='account-title']")).toContainText("Học viên · Chi bộ Kiểm thử tự động");
  await expect(page.locator("section[aria-labelledby='audit-title']")).toContainText("Tạo tài khoản");
  await checkPage(page);

  // She logs in with it.
  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/dang-nhap/);
  await page.getByLabel("Tên đăng nhập hoặc số điện thoại").fill("vo.anh");
  await page.getByLabel("Mật khẩu").fill("MatKhau2022");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xin chào");
  await expect(page.locator(".user-menu summary")).toContainText("Võ Thị Ngọc Ánh");
});

test("a people search ignores diacritics", async ({ page }) => {
  await login(page, "bantochuc");
  await page.goto("/quan-tri");
  await page.getByLabel("Họ tên hoặc mã đảng viên").fill("nguyen van");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page).toHaveURL(/q=nguyen\+van/);
  await expect(page.locator("table caption")).toContainText("cho “nguyen van”");
  await expect(page.locator("tbody tr").first()).toContainText("Nguyễn Văn");
  await checkPage(page);
});

test("donvi sees the 403 page for a unit outside their subtree", async ({ page }) => {
  await login(page, "donvi");
  await page.goto("/quan-tri");
  await expect(page.getByRole("link", { name: "Đảng bộ Sở Giáo dục và Đào tạo" })).toBeVisible();
  await checkPage(page);
  const response = await page.goto("/quan-tri/don-vi/1");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
  await checkPage(page);
  expect((await page.goto("/quan-tri/tai-khoan"))?.status()).toBe(403);
});

test("quantri lists and filters accounts", async ({ page }) => {
  await login(page, "quantri");
  await page.goto("/quan-tri/tai-khoan");
  await page.getByLabel("Vai trò").selectOption({ label: "Ban Tổ chức (cấp ủy)" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByRole("status")).toHaveText("2 tài khoản");
  await expect(page.locator("tbody")).toContainText("donvi");
  await checkPage(page);
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test("admin pages fit the screen without sideways scrolling", async ({ page }) => {
    await login(page, "bantochuc");
    const paths = ["/quan-tri", "/quan-tri?q=nguyen", "/quan-tri/don-vi/1"];
    for (const path of paths) {
      await page.goto(path);
      await expectNoHorizontalScroll(page);
    }
    // A cell and a member page.
    await openFirstChild(page);
    await drillToCell(page);
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: "test-results/admin-cell-360.png", fullPage: true });
    await page.locator("section[aria-labelledby='members-title'] tbody a").first().click();
    await expect(page.locator("#history-title")).toBeVisible();
    for (const summary of await page.locator("details.admin-panel > summary").all()) await summary.click();
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: "test-results/admin-person-360.png", fullPage: true });
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a unit is renamed and a bad name is answered on the field", async ({ page }) => {
    await login(page, "donvi");
    await page.goto("/quan-tri");
    await page.getByRole("link", { name: "Đảng bộ Sở Giáo dục và Đào tạo" }).click();
    await openFirstChild(page);
    const name = (await page.getByRole("heading", { level: 1 }).textContent())!;
    await page.getByText("Đổi tên đơn vị").click();
    await page.getByLabel("Tên mới").fill("A");
    await page.getByRole("button", { name: "Đổi tên" }).click();
    await expect(page.getByText("Tên đơn vị phải có ít nhất 3 ký tự.")).toBeVisible();
    await page.getByLabel("Tên mới").fill(`${name} (mới)`);
    await page.getByRole("button", { name: "Đổi tên" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} (mới)`);
    await expect(page.getByRole("status")).toContainText("Đã đổi tên đơn vị");
    await expect(page.locator("section[aria-labelledby='audit-title']")).toContainText("Đổi tên đơn vị");
  });
});
