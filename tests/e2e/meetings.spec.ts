import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

// One journey: the secretary records this month's meeting on a phone without JavaScript, the
// assigned attendee scores it and files the report, and the cell then sees the rating and remarks.
test.describe.serial("Sinh hoạt chi bộ", () => {
  let cellName = "";
  let meetingDate = ""; // yyyy-mm-dd
  const dayText = () => meetingDate.split("-").reverse().join("/");

  test("a secretary records this month's meeting at 360 px without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await login(page, "bithu", "/sinh-hoat");
    await page.getByRole("heading", { name: "Chi bộ của đồng chí" }).waitFor();
    await page.locator("main").getByRole("listitem").getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Sổ sinh hoạt");
    cellName = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Sổ sinh hoạt · ", "").trim();
    await expect(page.getByText("chỉ báo hoãn, không báo họp", { exact: false })).toBeVisible();
    await expectNoHorizontalScroll(page);

    await page.getByRole("row").filter({ hasText: "Chưa ghi biên bản" }).first().getByRole("link").click();
    meetingDate = new URL(page.url()).searchParams.get("ngay") ?? "";
    expect(meetingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Biên bản sinh hoạt thường kỳ kỳ ${dayText()}`);
    await expectNoHorizontalScroll(page);

    const roll = page.locator(".roll > li");
    const absent = ((await roll.first().locator("legend").textContent()) ?? "").trim();
    await roll.first().getByLabel("Vắng có lý do").check();
    await roll.first().getByRole("textbox").fill("Đi công tác");
    await page.getByLabel("Nội dung chính của buổi sinh hoạt").fill("Chi bộ đánh giá kết quả tháng, thảo luận và thống nhất nhiệm vụ tháng tới.");
    await page.getByLabel("Nhiệm vụ 1").fill("Hoàn thành báo cáo sơ kết công tác chuyên môn quý, gửi cấp ủy cơ sở");
    await page.locator("#owner-0").selectOption({ index: 2 });
    await page.locator("#deadline-0").fill(meetingDate);
    await page.getByLabel("Nhiệm vụ 2").fill("Tiếp tục thực hiện tốt nhiệm vụ");
    await page.getByLabel("Biên bản đã được thông qua tại buổi sinh hoạt").check();
    await page.getByRole("button", { name: "Lưu biên bản" }).click();

    await expect(page.getByRole("status").filter({ hasText: "Đã lưu biên bản sinh hoạt." })).toBeVisible();
    await expect(page.getByText(/Đã ghi: sinh hoạt ngày .* có mặt/)).toBeVisible();
    await expect(roll.filter({ hasText: absent }).first().getByLabel("Vắng có lý do")).toBeChecked();
    // The drafting checker flags the vague task, not the concrete one.
    await expect(page.getByText("Nhiệm vụ 2: nhiệm vụ còn chung chung", { exact: false })).toBeVisible();
    await expect(page.getByText("Nhiệm vụ 1:", { exact: false })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await context.close();
  });

  test("the assigned attendee scores the meeting and files the report", async ({ page }) => {
    await login(page, "capuy", "/sinh-hoat/du-sinh-hoat");
    const card = page.locator("section.card").filter({ has: page.getByRole("heading", { name: cellName, exact: true }) });
    await card.getByRole("row").filter({ hasText: dayText() }).getByRole("link", { name: "Ghi kết quả dự" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(cellName);
    await expect(page.getByText("Ví dụ, không phải quy định", { exact: false })).toBeVisible();
    await page.getByLabel("Tình hình cơ sở và chi bộ").fill("Cơ quan hoàn thành nhiệm vụ chuyên môn của tháng.");
    await page.getByLabel("Tình hình tổ chức sinh hoạt chi bộ").fill("Đúng lịch, bí thư chủ trì.");
    await page.getByLabel("Những vấn đề đã trao đổi, có ý kiến trực tiếp tại buổi sinh hoạt").fill("Giao việc cụ thể cho từng đảng viên.");
    await page.getByLabel("Những vấn đề tiếp thu đã báo cáo").fill("Không có.");
    await page.getByLabel("Đánh giá chất lượng sinh hoạt").fill("Chuẩn bị chu đáo, đảng viên phát biểu sôi nổi.");
    for (const label of [
      "Tỷ lệ đảng viên dự sinh hoạt",
      "Công tác chuẩn bị sinh hoạt",
      "Tổ chức, điều hành buổi sinh hoạt",
      "Thực hiện nguyên tắc tổ chức, sinh hoạt đảng",
      "Kết quả thực hiện nghị quyết kỳ trước",
    ]) {
      await page.getByLabel(label, { exact: false }).fill("19");
    }
    await page.getByLabel("Quyết định xếp loại của đồng chí").selectOption("tot");
    await page.getByLabel("Nhận xét gửi chi bộ").fill("Nghị quyết cần ghi rõ người phụ trách từng việc.");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Gửi báo cáo" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Đã lưu báo cáo dự sinh hoạt." })).toBeVisible();
    await expect(page.getByText("Tổng điểm đã lưu: 95")).toBeVisible();
  });

  test("the cell then sees the attendee's rating and remarks", async ({ page }) => {
    await login(page, "bithu", "/sinh-hoat");
    await page.locator("main").getByRole("listitem").getByRole("link").first().click();
    await expect(page.getByRole("row").filter({ hasText: dayText() }).first()).toContainText("Tốt");
    await expectAccessible(page);
    await page.getByRole("row").filter({ hasText: dayText() }).first().getByRole("link").click();
    const review = page.locator("section.card").filter({ has: page.getByRole("heading", { name: "Đánh giá của cấp trên dự sinh hoạt" }) });
    await expect(review).toContainText("Tốt");
    await expect(review).toContainText("95 điểm");
    await expect(review).toContainText("Nghị quyết cần ghi rõ người phụ trách từng việc.");
    await expectAccessible(page);
  });
});
