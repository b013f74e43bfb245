import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2022";

/** Logs in through the form, as a user would. */
export async function login(page: Page, username: string, redirectTo = "/") {
  await page.goto(`/dang-nhap?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel("Tên đăng nhập hoặc số điện thoại").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).not.toHaveURL(/dang-nhap/);
}

/** No serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    ),
  ).toEqual([]);
}

/** The page does not scroll sideways at the current viewport width. */
export async function expectNoHorizontalScroll(page: Page) {
  const { overflow, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Name the elements that stick out, so a failure says where to look.
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.parentElement?.closest(".table-wrap"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? "").trim().slice(0, 60)}`);
    return { overflow: document.documentElement.scrollWidth - width, culprits };
  });
  expect(overflow, culprits.join("\n")).toBeLessThanOrEqual(0);
}

/** The name column of `table` is readable: at least 6rem wide and not cut off by the scrolling wrapper. */
export async function expectNameColumnReadable(table: Locator, header: string) {
  const box = await table.evaluate((el, name) => {
    const ths = [...el.querySelectorAll("thead th")];
    const index = ths.findIndex((th) => th.textContent?.trim().startsWith(name));
    const cell = el.querySelector(`tbody tr > :nth-child(${index + 1})`);
    const wrap = el.closest(".table-wrap")!.getBoundingClientRect();
    const r = cell!.getBoundingClientRect();
    return { index, width: r.width, left: r.left - wrap.left, right: wrap.right - r.right };
  }, header);
  expect(box.index).toBeGreaterThanOrEqual(0);
  expect(box.width).toBeGreaterThanOrEqual(96);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeGreaterThanOrEqual(0);
}

/** A wrapper that scrolls says so: data-scrolls set and its hint text shown. */
export async function expectScrollHint(page: Page, wrap: Locator) {
  const scrolls = await wrap.evaluate((el) => el.scrollWidth > el.clientWidth);
  if (!scrolls) return;
  await expect(wrap).toHaveAttribute("data-scrolls", "");
  const hint = await wrap.evaluate((el) => getComputedStyle(el, "::before").content);
  expect(hint).toContain("vuốt sang ngang");
  await page.mouse.move(0, 0);
}
