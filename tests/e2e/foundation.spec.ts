import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

const ROLES = [
  { username: "hocvien", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"] },
  { username: "giamkhao", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"] },
  { username: "hoithi", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"] },
  { username: "bantochuc", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ", "Báo cáo", "Quản trị"] },
  // A unit below the bloc nominates its members into the bloc's contests.
  { username: "donvi", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Đề cử thí sinh", "Sinh hoạt chi bộ", "Báo cáo", "Quản trị"] },
  { username: "quantri", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ", "Báo cáo", "Quản trị"] },
  // Sinh hoạt chi bộ: a cell's secretary and a superior attendee.
  { username: "bithu", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"] },
  { username: "capuy", nav: ["Học tập", "Luyện tập", "Kiểm tra", "Hội thi", "Sinh hoạt chi bộ"] },
];

for (const role of ROLES) {
  test(`${role.username} logs in and sees their navigation`, async ({ page }) => {
    await login(page, role.username);
    const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
    await expect(nav.getByRole("link")).toHaveText(role.nav);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Xin chào");
    await expectAccessible(page);
  });
}

test("logged-out visitors are sent to the login page and then back", async ({ page }) => {
  await page.goto("/bao-cao");
  await expect(page).toHaveURL(/\/dang-nhap\?redirectTo=%2Fbao-cao/);
  await expectAccessible(page);
  await page.getByLabel("Tên đăng nhập hoặc số điện thoại").fill("bantochuc");
  await page.getByLabel("Mật khẩu").fill("Demo@2022");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/bao-cao$/);
});

test("a wrong password gets a message that does not say which part was wrong", async ({ page }) => {
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập hoặc số điện thoại").fill("hoithi");
  await page.getByLabel("Mật khẩu").fill("khong-dung");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu không đúng.");
});

test("a learner is refused the report pages with a Vietnamese 403 page", async ({ page }) => {
  await login(page, "hocvien");
  const response = await page.goto("/bao-cao");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
  const missing = await page.goto("/khong-co-trang-nay");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await expectAccessible(page);
});

test("logging out ends the session", async ({ page }) => {
  await login(page, "giamkhao");
  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/dang-nhap/);
  await page.goto("/hoc-tap");
  await expect(page).toHaveURL(/\/dang-nhap/);
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test("pages fit the screen without sideways scrolling", async ({ page }) => {
    await page.goto("/");
    await expectNoHorizontalScroll(page);
    await login(page, "bantochuc");
    for (const path of ["/", "/tai-khoan", "/bao-cao", "/quan-tri"]) {
      await page.goto(path);
      await expectNoHorizontalScroll(page);
    }
    await page.screenshot({ path: "test-results/home-360.png", fullPage: true });
  });
});
