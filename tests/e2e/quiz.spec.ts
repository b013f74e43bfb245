import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

const SHOTS = process.env.E2E_SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** Picks the first option of question `n` (1-based). */
function firstOption(page: Page, n: number) {
  return page.locator(`#cau-${n} .quiz-option input`).first();
}

test("a learner takes a final test, reloads mid-way with answers kept, submits and reviews", async ({ page }) => {
  await login(page, "hocvien", "/kiem-tra");
  await expect(page.getByRole("heading", { level: 1, name: "Kiểm tra" })).toBeVisible();
  await expectAccessible(page);
  await shot(page, "kiem-tra-1280");

  // The page before the test states its rules, then starts it.
  await page.goto("/kiem-tra/cuoi-khoa/B");
  await expect(page.getByText("Thời gian làm bài: 30 phút")).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await shot(page, "gioi-thieu-360");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await expect(page).toHaveURL(/\/kiem-tra\/bai\/\d+$/);
  const url = page.url();
  await expect(page.locator(".quiz-question")).toHaveCount(30);
  await expect(page.getByRole("timer")).toContainText(/Còn lại \d\d:\d\d/);

  // The key is not in the page (HTML or embedded loader data) while the attempt is open.
  const html = await (await page.request.get(url)).text();
  expect(html).toContain("quiz-question");
  expect(html).not.toMatch(/"correct"|"explanation"|Giải thích:/);

  for (const n of [1, 2, 3]) {
    await firstOption(page, n).check();
    await expect(page.locator(`#cau-${n} .quiz-saving`)).toHaveCount(0);
  }
  await expect(page.getByRole("status").filter({ hasText: /Đã lưu \d\d:\d\d:\d\d/ })).toBeVisible();
  await expect(page.getByText("Đã trả lời 3/30")).toBeVisible();
  await expectAccessible(page);
  await shot(page, "bai-lam-1280");

  await page.reload();
  for (const n of [1, 2, 3]) await expect(firstOption(page, n)).toBeChecked();
  await expect(firstOption(page, 4)).not.toBeChecked();
  await expect(page.getByText("Đã trả lời 3/30")).toBeVisible();

  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await shot(page, "bai-lam-360");
  await page.setViewportSize({ width: 1280, height: 800 });

  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("27 câu chưa trả lời");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page).toHaveURL(/\/ket-qua$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Kết quả");
  await expect(page.getByText(/\/30 câu đúng/)).toBeVisible();
  await expect(page.getByText("Chưa đạt", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Giải thích:").first()).toBeVisible();
  // Each explanation links its source passage ("…, mục …" or "…, phần mở đầu"); questions come in a random order.
  await expect(
    page
      .locator(".quiz-review-item")
      .first()
      .getByRole("link", { name: /mục|phần mở đầu/ }),
  ).toBeVisible();
  await expect(page.getByText("Chưa trả lời", { exact: true })).toHaveCount(27);
  await expectAccessible(page);
  await shot(page, "ket-qua-1280");
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await shot(page, "ket-qua-360");

  // Back on the list: one attempt used, the best score kept.
  await page.goto("/kiem-tra");
  await expect(page.locator(".quiz-card").filter({ has: page.locator('form[action="/kiem-tra/cuoi-khoa/B"]') })).toContainText("1 / 3 (còn 2 lần)");
  await expectNoHorizontalScroll(page);
  await shot(page, "kiem-tra-360");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a module check can be saved, resumed and submitted", async ({ page }) => {
    await login(page, "giamkhao", "/kiem-tra");
    await page.locator('form[action^="/kiem-tra/chuyen-de/"] button').first().click();
    await expect(page).toHaveURL(/\/kiem-tra\/bai\/\d+$/);
    await expect(page.locator(".quiz-question")).toHaveCount(8);
    await firstOption(page, 1).check();
    await firstOption(page, 2).check();
    await page.getByRole("button", { name: "Lưu câu trả lời" }).click();
    await expect(page.getByText(/Đã lưu câu trả lời lúc \d\d:\d\d:\d\d/)).toBeVisible();
    await expect(firstOption(page, 1)).toBeChecked();
    await expect(firstOption(page, 2)).toBeChecked();
    await page.getByRole("button", { name: "Nộp bài" }).click();
    await expect(page).toHaveURL(/\/ket-qua$/);
    await expect(page.getByText(/\/8 câu đúng/)).toBeVisible();
  });
});

test("an organiser sees item analysis and grants extra time", async ({ page }) => {
  await login(page, "bantochuc", "/kiem-tra/phan-tich");
  await expect(page.getByRole("heading", { level: 1, name: "Phân tích câu hỏi" })).toBeVisible();
  await expect(page.locator("table.quiz-analysis tbody tr").first()).toBeVisible();
  await expectAccessible(page);
  await shot(page, "phan-tich-1280");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải CSV" }).click();
  expect((await download).suggestedFilename()).toBe("phan-tich-cau-hoi.csv");
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await shot(page, "phan-tich-360");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto("/kiem-tra/gia-han");
  await page.getByLabel("Học viên (tên đăng nhập hoặc mã đảng viên)").fill("hocvien");
  await page.getByLabel("Bài kiểm tra").selectOption("final:B");
  await page.getByLabel("Thêm lượt làm bài", { exact: true }).fill("1");
  await page.getByLabel("Lý do").fill("Mất kết nối mạng khi làm bài");
  await page.getByRole("button", { name: "Ghi nhận" }).click();
  await expect(page.getByText(/Đã ghi nhận gia hạn cho/)).toBeVisible();
  await expect(page.getByLabel("Học viên (tên đăng nhập hoặc mã đảng viên)")).toHaveValue("");
  await expect(page.locator("table tbody tr").first()).toContainText("Mất kết nối mạng khi làm bài");
  await expectAccessible(page);
  await shot(page, "gia-han-1280");
});
