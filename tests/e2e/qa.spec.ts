import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

// Regressions found in the pre-release review: each test names what a user saw.

test("the change-password page hydrates (its schema reaches the browser) and validates on blur", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await login(page, "hocvien");
  await page.goto("/tai-khoan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đổi mật khẩu");
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("ngan");
  await page.getByLabel("Nhập lại mật khẩu mới").focus();
  await expect(page.getByText("Mật khẩu phải có ít nhất 8 ký tự.")).toBeVisible();
  expect(errors).toEqual([]);
});

test("practice styles apply on screen, not only when printing", async ({ page }) => {
  await login(page, "hocvien");
  await page.goto("/luyen-tap");
  const display = await page
    .locator(".practice-scenarios")
    .first()
    .evaluate((el) => getComputedStyle(el).listStyleType);
  expect(display).toBe("none");
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a finished practice report's tables fit or scroll by keyboard, and history titles stay readable", async ({ page }) => {
    await login(page, "hocvien");
    await page.goto("/luyen-tap");
    const history = page.getByRole("table", { name: "Lịch sử luyện tập của đồng chí" });
    const firstCell = history.locator("tbody td").first();
    expect((await firstCell.boundingBox())!.width).toBeGreaterThanOrEqual(100);
    await expectNoHorizontalScroll(page);
    await history.locator("tbody a").first().click();
    await expect(page.getByRole("heading", { name: "Kết quả" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });
});
