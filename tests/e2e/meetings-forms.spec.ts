import { expect, test } from "@playwright/test";
import { login } from "./support";

// The meetings forms answer like every other form (issue 18): their inputs carry the schema's
// constraints, and a refusal shows on its field or above the form, with JavaScript and without.

test("the register's forms carry their constraints; a postponement to an earlier day is refused on its field", async ({ page }) => {
  await login(page, "bithu", "/sinh-hoat");
  await page.locator("main").getByRole("listitem").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Sổ sinh hoạt");
  const place = page.getByLabel("Địa điểm");
  await expect(place).toHaveAttribute("required", "");
  await expect(place).toHaveAttribute("maxlength", "200");
  await expect(page.getByLabel("Ngày trong tháng")).toHaveAttribute("max", "31");
  await expect(page.getByLabel("Lý do hoãn")).toHaveAttribute("maxlength", "500");

  await page.getByLabel("Lý do hoãn").fill("Cơ quan tổ chức hội nghị đột xuất");
  await page.getByLabel("Ngày sinh hoạt mới").fill("2001-01-01");
  await page.getByRole("button", { name: "Báo hoãn" }).click();
  const newDay = page.getByLabel("Ngày sinh hoạt mới");
  await expect(newDay).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Ngày sinh hoạt mới phải sau ngày theo lịch.")).toBeVisible();
});

test("a file with bad lines is refused whole: the summary, then each line, without JavaScript too", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await login(page, "bithu", "/sinh-hoat");
    await page.locator("main").getByRole("listitem").getByRole("link").first().click();
    await page.getByRole("link", { name: "nhập các kỳ sinh hoạt cũ từ tệp" }).click();
    await page.getByLabel("Tệp sổ sinh hoạt (.xlsx hoặc .csv)").setInputFiles({
      name: "so.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Ngày họp,Mã đảng viên,Điểm danh\n05/01/2024,QB999999,x\n", "utf8"),
    });
    await page.getByRole("button", { name: "Nhập sổ sinh hoạt" }).click();
    const errors = page.locator(".form-errors");
    await expect(errors).toContainText("Tệp có lỗi; chưa nhập gì. Sửa các dòng sau rồi tải lên lại:");
    await expect(errors.locator("p")).toHaveCount(2);
    await expect(errors.locator("p").nth(1)).toContainText("Dòng 2");
    await context.close();
  }
});

test("the attendee's report, sent unscored, names every missing score on its own field", async ({ page }) => {
  await login(page, "capuy", "/sinh-hoat/du-sinh-hoat");
  await page.getByRole("link", { name: "Ghi kết quả dự" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Dự sinh hoạt");
  const send = page.getByRole("button", { name: "Gửi báo cáo" });
  // The demo leaves the attendee a visit still to report (every demo account has work to do).
  await expect(send).toBeVisible();
  for (const input of await page.locator("input[name^='points.']").all()) await input.fill("");
  await page.getByLabel("Đánh giá chất lượng sinh hoạt").fill("");
  await send.click();
  await expect(page.getByText("Chấm điểm tiêu chí này trước khi gửi báo cáo.").first()).toBeVisible();
  await expect(page.getByText("Ghi đánh giá chất lượng sinh hoạt trước khi gửi báo cáo.")).toBeVisible();
  await expect(page.locator("input[name^='points.'][aria-invalid='true']")).not.toHaveCount(0);
});
