import { expect, test, type Page } from "@playwright/test";
import { login } from "./support";

/** Collects what a Content-Security-Policy refusal or a script error prints while the page runs. */
function watchViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

test("pages run under the Content-Security-Policy: lessons, quizzes and the contest hydrate without a refusal", async ({ page }) => {
  const problems = watchViolations(page);
  await login(page, "hocvien");
  // A lesson reached by client-side navigation: its text arrives as HTML in the loader data.
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Học tập" }).click();
  await page.locator("a[href^='/hoc-tap/']").first().click();
  await expect(page.locator(".module-body h2").first()).toBeVisible();
  await page.reload();
  await expect(page.locator(".module-body h2").first()).toBeVisible();
  await page.goto("/kiem-tra");
  await page.goto("/hoi-thi");
  await page.goto("/luyen-tap");
  expect(problems).toEqual([]);
});

test("every page carries the security headers, and signed-in pages are never cached", async ({ page, request }) => {
  await login(page, "bantochuc");
  const response = await page.goto("/bao-cao");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Nothing evaluates code in the browser (lessons come as HTML).
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["cache-control"]).toBe("private, no-store");
  // Two loads, two nonces: a nonce that repeats protects nothing.
  const again = (await page.reload())!.headers()["content-security-policy"];
  expect(again).not.toBe(headers["content-security-policy"]);
  const csv = await request.get("/kiem-tra/phan-tich.csv");
  expect(csv.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a form posted from another site is refused with a 403 and changes nothing", async ({ page, baseURL }) => {
  await login(page, "hocvien");
  const cookies = await page.context().cookies();
  const response = await page.request.post("/dang-xuat", { headers: { Origin: "https://evil.example" }, form: {} });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("chỉ được gửi từ chính trang");
  // Still signed in: the forged logout did nothing.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xin chào");
  expect((await page.context().cookies()).length).toBe(cookies.length);
  const same = await page.request.post("/dang-xuat", { headers: { Origin: new URL(baseURL!).origin }, form: {}, maxRedirects: 0 });
  expect(same.status()).toBe(302);
});
