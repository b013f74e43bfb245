import { networkInterfaces } from "node:os";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "./support";

/** This machine's address on its network, as another PC or a phone would open the demo. */
function lanAddress() {
  const addresses = Object.values(networkInterfaces()).flat();
  return addresses.find((a) => a && a.family === "IPv4" && !a.internal)?.address ?? null;
}

async function fillLogin(page: import("@playwright/test").Page, username: string) {
  await page.getByLabel("Tên đăng nhập hoặc số điện thoại").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("logs in over plain http from another machine on the LAN", async ({ page, baseURL }) => {
  const address = lanAddress();
  test.skip(!address, "máy này không có địa chỉ mạng nội bộ");
  // Browsers accept Secure cookies from http://localhost but not from http://192.168.x.y.
  const lan = baseURL!.replace("localhost", address!);
  await page.goto(`${lan}/dang-nhap?redirectTo=%2Ftai-khoan`);
  await fillLogin(page, "hocvien");
  await expect(page).toHaveURL(`${lan}/tai-khoan`);
  await expect(page.locator(".user-menu summary")).toBeVisible();
});

test("says why when the browser refused the login page's cookie", async ({ page }) => {
  await page.goto("/dang-nhap");
  // As a browser that blocks cookies: what the login page set is gone when the form is sent.
  await page.context().clearCookies();
  await fillLogin(page, "hocvien");
  await expect(page.getByRole("alert")).toContainText("không lưu cookie của trang này");
  await expect(page).toHaveURL(/\/dang-nhap/);
});

test("a forwarded https header is believed only behind a trusted proxy", async ({ request }) => {
  // The e2e server runs without TRUST_PROXY: the request came over http, so no Secure flag.
  const page = await request.get("/dang-nhap", { headers: { "X-Forwarded-Proto": "https" } });
  expect(page.headers()["set-cookie"]).toBe("kiem-tra-cookie=1; HttpOnly; Path=/; SameSite=Lax");
});

test("a redirectTo that leaves the site, or holds a newline, ends on this site", async ({ page, baseURL }) => {
  for (const target of ["%2F%09%2Fevil.example", "/%0A/evil", "//evil.example", "/%5Cevil.example", "https://evil.example"]) {
    const response = await page.goto(`/dang-nhap?redirectTo=${target}`);
    expect(response?.status(), target).toBe(200);
    await fillLogin(page, "giamkhao");
    await expect(page, target).toHaveURL(`${baseURL}/`);
    await page.context().clearCookies();
  }
});
