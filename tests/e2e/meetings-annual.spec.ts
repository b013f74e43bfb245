import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { expectAccessible, expectNameColumnReadable, expectNoHorizontalScroll, expectScrollHint, login } from "./support";

/** The sample file made with LibreOffice Calc (tests/fixtures/imports/make.sh): ratings of 2022–2023 in donvi's đảng bộ. */
const FIXTURE = fileURLToPath(new URL("../fixtures/imports/annual-ratings-calc.xlsx", import.meta.url));
const LAST_YEAR = new Date().getFullYear() - 1;

test("donvi imports past years' ratings from Calc's xlsx, sees the counts and the tables, and changes a member's rating by hand", async ({ page }) => {
  // Two uploads of the page's forms and two accessibility scans: longer than the default on a busy machine.
  test.setTimeout(120_000);
  await login(page, "donvi", "/sinh-hoat");
  await page.getByRole("link", { name: /^Xếp loại hằng năm của chi bộ và đảng viên/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xếp loại hằng năm của chi bộ và đảng viên");
  // Last year by default, with the demo's ratings and the Đề án's two annual targets.
  await expect(page.getByLabel("Năm", { exact: true })).toHaveValue(String(LAST_YEAR));
  await expect(page.getByRole("heading", { name: "Chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên" })).toBeVisible();
  await expect(page.getByText("(Đề án 01-ĐA/ĐUK, §II.1.2(5))").first()).toBeAttached();
  await expectAccessible(page);

  await page.getByLabel("Tệp xếp loại (.xlsx hoặc .csv)").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Nhập tệp" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Đã nhập xếp loại năm 2022, 2023. Chi bộ: 3 thêm mới, 0 thay đổi, 0 không đổi. Đảng viên: 5 thêm mới, 0 thay đổi, 0 không đổi.",
  );
  await expect(page).toHaveURL(/nam=2023/);
  await expect(page.getByLabel("Năm", { exact: true })).toHaveValue("2023");
  const cells = page.getByRole("region", { name: "Xếp loại chi bộ năm 2023" });
  const office = cells.getByRole("row").filter({ has: page.getByRole("link", { name: "Đảng viên: 2/13 đã xếp loại" }) });
  await expect(office.getByRole("rowheader")).toContainText("Chi bộ Văn phòng");
  await expect(office.getByRole("combobox")).toHaveValue("tot");
  const cards = page.getByRole("region", { name: /· năm 2023$/ });
  await expect(cards.locator("[data-target='annualCells']")).toContainText("(2/2)");
  await expect(cards.locator("[data-target='annualMembers']")).toContainText("(2/3)");

  // The cell's members, in name order, with what the file gave them; one changed by hand.
  await office.getByRole("link", { name: "Đảng viên: 2/13 đã xếp loại" }).click();
  const members = page.getByRole("region", { name: "Xếp loại đảng viên Chi bộ Văn phòng năm 2023" });
  await expect(members.getByLabel("Xếp loại đồng chí Nguyễn Ngọc Nhung năm 2023")).toHaveValue("xuat_sac");
  await members.getByLabel("Xếp loại đồng chí Phạm Kim Vân năm 2023").selectOption({ label: "Hoàn thành tốt nhiệm vụ" });
  await page.getByRole("button", { name: "Lưu xếp loại đảng viên" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu xếp loại năm 2023 của 1 đảng viên.");
  await expect(members.getByLabel("Xếp loại đồng chí Phạm Kim Vân năm 2023")).toHaveValue("tot");
  await expect(cards.locator("[data-target='annualMembers']")).toContainText("(3/4)");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/annual-ratings-1280.png", fullPage: true });
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the ratings of cells and members fit: names readable, selects on screen", async ({ page }) => {
    await login(page, "donvi", `/sinh-hoat/danh-gia-nam?nam=${LAST_YEAR}&chi-bo=5`);
    await expect(page.getByRole("heading", { name: /^Đảng viên Chi bộ Văn phòng/ })).toBeVisible();
    await expectNoHorizontalScroll(page);
    for (const [region, header] of [
      [`Xếp loại chi bộ năm ${LAST_YEAR}`, "Chi bộ"],
      [`Xếp loại đảng viên Chi bộ Văn phòng năm ${LAST_YEAR}`, "Họ và tên"],
    ] as const) {
      const wrap = page.getByRole("region", { name: region });
      await expectNameColumnReadable(wrap.locator("table"), header);
      await expectScrollHint(page, wrap);
      const select = await wrap.getByRole("combobox").first().boundingBox();
      expect(select!.x + select!.width).toBeLessThanOrEqual(360);
    }
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/annual-ratings-360.png", fullPage: true });
  });
});
