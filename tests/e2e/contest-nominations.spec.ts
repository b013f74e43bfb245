import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

const BLOC_CONTEST = /Đảng bộ Khối các cơ quan tỉnh năm 2022/;

async function as(browser: Browser, username: string) {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

async function screenshots(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: `test-results/nominations-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a unit admin nominates, the organiser accepts one and declines one with a reason, the unit sees both outcomes", async ({ browser }) => {
  test.setTimeout(120_000);
  const unit = await as(browser, "donvi");

  // From the contest list to the bloc contest's nomination page.
  await unit.goto("/hoi-thi");
  await unit.getByRole("link", { name: "Đề cử thí sinh" }).first().click();
  await expect(unit.getByRole("heading", { level: 1, name: "Đề cử thí sinh" })).toBeVisible();
  await expectAccessible(unit);
  await unit.getByRole("link", { name: BLOC_CONTEST }).click();
  await expect(unit.getByRole("heading", { level: 1, name: /Đề cử thí sinh:/ })).toBeVisible();
  await expectAccessible(unit);
  await screenshots(unit, "unit");

  // The demo data has three pending nominations: withdraw the first, then nominate that person again with a note.
  const firstRow = unit.getByRole("row").filter({ hasText: "Chờ duyệt" }).first();
  const code = (await firstRow.getByRole("cell").first().innerText()).trim();
  const name = (await firstRow.getByRole("cell").nth(1).innerText()).trim();
  const secondRow = unit.getByRole("row").filter({ hasText: "Chờ duyệt" }).nth(1);
  const otherName = (await secondRow.getByRole("cell").nth(1).innerText()).trim();
  await unit.getByRole("button", { name: `Rút đề cử ${name}` }).click();
  await expect(unit.getByText("Đã rút đề cử.")).toBeVisible();
  await expect(unit.getByRole("row").filter({ hasText: code })).toHaveCount(0);

  // A code from outside the unit is refused by name, and nothing is written.
  await unit.getByLabel("Mã đảng viên được đề cử").fill(`${code}\nQB999999`);
  await unit.getByRole("button", { name: "Gửi đề cử" }).click();
  await expect(unit.getByRole("alert")).toContainText("QB999999");
  await expect(unit.getByRole("row").filter({ hasText: code })).toHaveCount(0);

  await unit.getByLabel("Mã đảng viên được đề cử").fill(code);
  await unit.getByLabel("Ghi chú, lý do đề cử (không bắt buộc)").fill("Điều hành sinh hoạt chi bộ đạt loại tốt ba năm liền.");
  await unit.getByRole("button", { name: "Gửi đề cử" }).click();
  await expect(unit.getByText("Đã đề cử 1 người, chờ ban tổ chức duyệt.")).toBeVisible();
  await expect(unit.getByRole("row").filter({ hasText: code })).toContainText("Chờ duyệt");

  // The organiser reviews on the contestants page: the nominee is not a contestant yet.
  const organiser = await as(browser, "hoithi");
  await organiser.goto("/hoi-thi");
  await organiser.getByRole("link", { name: BLOC_CONTEST }).click();
  await organiser.getByRole("link", { name: "Thí sinh" }).click();
  const contestants = organiser.getByRole("table").last();
  await expect(organiser.getByRole("heading", { name: /Đề cử chờ duyệt \(3\)/ })).toBeVisible();
  await expect(contestants.getByRole("row").filter({ hasText: code })).toHaveCount(0);
  await expectAccessible(organiser);
  await screenshots(organiser, "review");

  await organiser.getByRole("button", { name: `Chấp nhận ${name}`, exact: true }).click();
  await expect(organiser.getByText("Đã chấp nhận 1 đề cử thành thí sinh.")).toBeVisible();
  await expect(contestants.getByRole("row").filter({ hasText: code })).toContainText(name);

  // Declining needs a reason: the field is required, then the reason goes through.
  const declineRow = organiser.getByRole("row").filter({ hasText: otherName });
  await declineRow.getByText("Không chấp nhận…").click();
  await declineRow.getByLabel("Lý do (đơn vị đề cử sẽ thấy)").fill("Chưa đủ thời gian giữ chức vụ theo thể lệ.");
  await declineRow.getByRole("button", { name: `Không chấp nhận ${otherName}` }).click();
  await expect(organiser.getByText("Đã không chấp nhận đề cử; đơn vị đề cử sẽ thấy lý do.")).toBeVisible();
  await expect(organiser.getByRole("heading", { name: /Đề cử chờ duyệt \(1\)/ })).toBeVisible();

  // The unit sees both outcomes.
  await unit.reload();
  await expect(unit.getByRole("row").filter({ hasText: code })).toContainText("Đã chấp nhận");
  await expect(unit.getByRole("row").filter({ hasText: otherName })).toContainText("Lý do: Chưa đủ thời gian giữ chức vụ theo thể lệ.");
  await screenshots(unit, "outcome");
});
