import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

/** Picks the first action of the current situation (any action: the test does not know the best). */
async function chooseFirst(page: Page) {
  const step = await page.locator('input[name="stepIndex"]').first().inputValue();
  const situation = page.getByRole("group", { name: "Đồng chí, với cương vị bí thư, sẽ làm gì?" });
  await situation.getByRole("radio").first().check();
  await page.getByRole("button", { name: "Chọn cách xử lý này" }).click();
  // Wait for the next situation (or the report) to replace this one.
  await expect(page.locator(`input[name="stepIndex"][value="${step}"]`)).toHaveCount(0);
}

async function fillDraft(page: Page) {
  const rows = [
    ["Lập bảng theo dõi hạn xử lý từng hồ sơ, cảnh báo trước ba ngày", "Đồng chí Linh", "15/05/2022"],
    ["Rà soát 7 hồ sơ trễ hạn tháng trước, chỉ ra khâu chậm", "Đồng chí Thành", "20/05/2022"],
    ["Hướng dẫn đảng viên quy trình tiếp nhận hồ sơ trực tuyến", "Đồng chí Tuấn", "25/05/2022"],
  ];
  for (const [i, [task, owner, deadline]] of rows.entries()) {
    const row = page.getByRole("group", { name: `Nhiệm vụ ${i + 1}`, exact: true });
    await row.getByLabel("Nội dung nhiệm vụ").fill(task!);
    await row.getByLabel("Người phụ trách").fill(owner!);
    await row.getByLabel("Thời hạn").fill(deadline!);
  }
}

test("a learner runs the resolution scenario from opening to report, resuming after a reload", async ({ page }) => {
  await login(page, "hocvien", "/luyen-tap");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Luyện tập điều hành sinh hoạt chi bộ");
  await expectAccessible(page);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Xây dựng nghị quyết tháng" }) });
  await card.getByRole("button", { name: /Luyện lại|Bắt đầu/ }).click();
  await expect(page).toHaveURL(/\/luyen-tap\/lan\/\d+$/);

  const agenda = page.getByRole("navigation", { name: "Chương trình kỳ sinh hoạt" });
  await expect(agenda.locator('[aria-current="step"]')).toContainText("Chuẩn bị");
  await expectAccessible(page);

  // A choice, then its feedback; a reload resumes at the same step.
  await chooseFirst(page);
  await expect(page.getByRole("heading", { name: "Nhận xét lựa chọn vừa rồi" })).toBeVisible();
  await expect(page.getByText("Bước 2")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Bước 2")).toBeVisible();

  // Play on until the drafting exercise.
  for (let i = 0; i < 12 && !(await page.getByLabel("Nội dung nhiệm vụ").first().isVisible()); i++) await chooseFirst(page);
  await expect(agenda.locator('[aria-current="step"]')).toContainText("biểu quyết");
  // A vague draft: the checker says what is missing.
  await page.getByRole("group", { name: "Nhiệm vụ 1", exact: true }).getByLabel("Nội dung nhiệm vụ").fill("Tiếp tục thực hiện tốt nhiệm vụ");
  await page.getByRole("button", { name: "Lưu và kiểm tra" }).click();
  await expect(page.getByText("Bản nghị quyết còn thiếu:")).toBeVisible();
  await expect(page.getByText(/Nhiệm vụ 1: nhiệm vụ còn chung chung.*chưa ghi người phụ trách; chưa ghi thời hạn/)).toBeVisible();
  await expectAccessible(page);
  await fillDraft(page);
  // The draft saves itself; a reload finds it.
  await expect(page.getByText("Đã lưu bản nháp.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: "Nhiệm vụ 3", exact: true }).getByLabel("Thời hạn")).toHaveValue("25/05/2022");
  await page.getByRole("button", { name: "Lưu và kiểm tra" }).click();
  await expect(page.getByText("Bản nghị quyết đạt yêu cầu:")).toBeVisible();
  await page.getByRole("button", { name: "Trình nghị quyết và tiếp tục" }).click();
  await expect(page.getByRole("button", { name: "Chọn cách xử lý này" })).toBeVisible();

  for (let i = 0; i < 5 && (await page.getByRole("button", { name: "Chọn cách xử lý này" }).isVisible()); i++) await chooseFirst(page);
  await expect(page.getByRole("heading", { name: "Kết quả" })).toBeVisible();
  await expect(page.getByText(/Xếp loại: (Tốt|Khá|Trung bình|Kém) \d+%/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Điểm theo từng tiêu chí" }).getByRole("row")).toHaveCount(5);
  await expect(page.getByRole("list", { name: "Đường đi của đồng chí" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Đường xử lý tốt nhất" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Nghị quyết đồng chí đã soạn" })).toContainText("Đồng chí Linh");
  await expect(page.getByRole("region", { name: "Nên ôn lại" }).getByRole("link").first()).toHaveAttribute("href", /^\/hoc-tap\/[a-z0-9-]+#[a-z0-9-]+$/);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/practice-report-1280.png", fullPage: true });

  // The run appears in the learner's history.
  await page.getByRole("link", { name: "← Về danh sách kịch bản" }).click();
  await expect(page.getByRole("table", { name: "Lịch sử luyện tập của đồng chí" }).getByRole("row")).not.toHaveCount(1);
});

test("an organiser sees aggregate results per scenario and per choice", async ({ page }) => {
  await login(page, "bantochuc", "/luyen-tap");
  await page.getByRole("link", { name: "Thống kê kết quả" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê kết quả luyện tập");
  const summary = page.getByRole("table", { name: "Tổng hợp theo kịch bản" });
  await expect(summary.getByRole("row")).toHaveCount(9); // header + 8 scenarios
  await expect(page.getByText("Tốt nhất").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/practice-stats-1280.png", fullPage: false });
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test("the list, a situation and the statistics fit the screen", async ({ page }) => {
    await login(page, "bantochuc", "/luyen-tap");
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: "test-results/practice-list-360.png", fullPage: true });
    await page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Xây dựng nghị quyết tháng" }) })
      .getByRole("button", { name: /Luyện lại|Bắt đầu/ })
      .click();
    await expect(page.getByRole("button", { name: "Chọn cách xử lý này" })).toBeVisible();
    await chooseFirst(page);
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: "test-results/practice-run-360.png", fullPage: true });
    await page.goto("/luyen-tap/thong-ke");
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: "test-results/practice-stats-360.png", fullPage: true });
  });
});
