import { expect, test } from "@playwright/test";
import { expectAccessible, expectNameColumnReadable, expectNoHorizontalScroll, expectScrollHint, login } from "./support";

// Every README account finds real work on its home page in a freshly seeded demo.

test("hocvien: the open knowledge round, one button to continue reading, the campaign's deadline, quizzes, practice, contests", async ({ page }) => {
  await login(page, "hocvien");
  const round = page.getByRole("region", { name: "Vòng thi đang mở" });
  await expect(round).toContainText("Thi kiến thức");
  const resume = page.getByRole("region", { name: "Học tiếp từ chỗ đã dừng" });
  await expect(resume.getByRole("link")).toHaveText("Tiếp tục");
  await expect(page.getByRole("heading", { name: /Chương trình [AB]: hạn \d{2}\/\d{2}\/\d{4}/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Kiểm tra" })).toContainText(/Đã đạt \d+\/\d+ bài kiểm tra/);
  await expect(page.getByRole("region", { name: "Luyện tập" })).toContainText(/Đã luyện \d+\/\d+ tình huống/);
  // Both seeded contests (other specs may have registered the learner in more).
  const mine = page.getByRole("region", { name: "Hội thi của đồng chí" });
  await expect(mine).toContainText("Đảng bộ Khối các cơ quan tỉnh năm 2022");
  await expect(mine).toContainText(/Đảng bộ Sở Giáo dục và Đào tạo năm 20\d\d/);
  await expectAccessible(page);
  // "Vào thi" leads into the round's page, where the contestant can start.
  await round.getByRole("link", { name: "Vào thi" }).click();
  await expect(page).toHaveURL(/\/hoi-thi\/\d+\/lam-bai\/\d+$/);
  await expect(page.getByRole("button", { name: "Bắt đầu làm bài" })).toBeVisible();
});

test("giamkhao: sheets to grade in the open round, and the link opens them", async ({ page }) => {
  await login(page, "giamkhao");
  const grading = page.getByRole("region", { name: "Phiếu điểm cần chấm" });
  await expect(grading).toContainText("còn 6/6 phiếu chưa chấm");
  await grading.getByRole("link", { name: "Chấm vòng “Xử lý tình huống”" }).click();
  await expect(page.getByRole("link", { name: /^Chấm / })).toHaveCount(6);
});

test("hoithi: the nominations waiting for a decision", async ({ page }) => {
  await login(page, "hoithi");
  const pending = page.getByRole("region", { name: "Đề cử chờ duyệt" });
  // Three seeded (the nominations spec may have decided some before this one runs).
  await expect(pending.getByRole("link")).toContainText(/[1-3] đề cử chờ duyệt · .*Đảng bộ Khối các cơ quan tỉnh năm 2022/);
  await pending.getByRole("link").click();
  await expect(page).toHaveURL(/\/hoi-thi\/\d+\/thi-sinh$/);
});

test("donvi: the bloc contest open for nominations, the campaign, and the contests its đảng bộ organised", async ({ page }) => {
  await login(page, "donvi");
  await expect(page.getByRole("region", { name: "Hội thi đang nhận đề cử" })).toContainText("Đảng bộ Khối các cơ quan tỉnh năm 2022");
  await expect(page.getByRole("region", { name: "Tiến độ tập huấn" })).toContainText(/hạn hoàn thành \d{2}\/\d{2}\/\d{4}/);
  await page.goto("/hoi-thi");
  await expect(page.getByRole("link", { name: /Đảng bộ Sở Giáo dục và Đào tạo năm 2022/ })).toBeVisible();
});

test("bantochuc: the report opens on the campaign running today, its name shown whole", async ({ page }) => {
  await login(page, "bantochuc");
  const campaign = page.getByRole("region", { name: "Tiến độ tập huấn" });
  await expect(campaign).toContainText("nhiệm kỳ 2025–2030");
  await campaign.getByRole("link", { name: "Xem báo cáo tiến độ" }).click();
  const select = page.getByLabel("Chiến dịch");
  await expect(select.locator("option:checked")).toContainText("nhiệm kỳ 2025–2030");
  // The closed select is wide enough for the longest campaign name.
  const fits = await select.evaluate((el: HTMLSelectElement) => {
    const probe = document.createElement("span");
    probe.style.font = getComputedStyle(el).font;
    probe.style.whiteSpace = "nowrap";
    probe.style.position = "absolute";
    document.body.append(probe);
    const widest = Math.max(...[...el.options].map((o) => ((probe.textContent = o.text), probe.getBoundingClientRect().width)));
    probe.remove();
    return widest < el.clientWidth;
  });
  expect(fits).toBe(true);
});

test("thisinh1: greeted by name, their rank and round scores and certificate on the contest page, their own row marked", async ({ page }) => {
  await login(page, "thisinh1");
  // Read the greeting once the home page has replaced the login page's heading.
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("Xin chào");
  const name = (await heading.innerText()).replace(/^Xin chào,\s*/, "");
  expect(name).not.toMatch(/Thí sinh/);
  const contests = page.getByRole("region", { name: "Hội thi của đồng chí" });
  await expect(contests).toContainText(/Hạng \d+/);
  await contests.getByRole("link", { name: /Sở Giáo dục và Đào tạo năm 2022/ }).click();
  const mine = page.getByRole("region", { name: "Kết quả của đồng chí" });
  await expect(mine).toContainText(/Hạng \d+/);
  await expect(mine.getByRole("listitem")).toHaveCount(3);
  await expect(mine.getByRole("link", { name: "Tải giấy chứng nhận (PDF)" })).toBeVisible();
  await page.getByRole("link", { name: "Kết quả", exact: true }).click();
  await expect(page).toHaveURL(/\/ket-qua$/);
  const own = page.locator("tr.own-row");
  await expect(own).toHaveCount(1);
  await expect(own).toContainText(name);
  await expect(own).toContainText("Đồng chí");
});

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the header is one row: brand and account side by side, the navigation one scrolling line", async ({ page }) => {
    await login(page, "donvi");
    const brand = await page.locator(".brand").boundingBox();
    const account = await page.locator(".user-menu summary").boundingBox();
    expect(Math.abs(brand!.y + brand!.height / 2 - (account!.y + account!.height / 2))).toBeLessThan(8);
    const tops = await page.locator(".main-nav li").evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
    expect(tops).toBe(1);
    await expectNoHorizontalScroll(page);
  });

  test("results: a narrow rank column, the name readable, the scroll hint shown", async ({ page }) => {
    await login(page, "thisinh1");
    await page
      .getByRole("region", { name: "Hội thi của đồng chí" })
      .getByRole("link", { name: /Sở Giáo dục và Đào tạo năm 2022/ })
      .click();
    await page.getByRole("link", { name: "Kết quả", exact: true }).click();
    await expect(page).toHaveURL(/\/ket-qua$/);
    await expectNoHorizontalScroll(page);
    const table = page.locator("table").first();
    await expectNameColumnReadable(table, "Họ và tên");
    const rank = await table.locator("tbody td").first().boundingBox();
    expect(rank!.width).toBeLessThan(80);
    await expectScrollHint(page, page.locator(".table-wrap").first());
    await page.screenshot({ path: "test-results/results-360.png", fullPage: true });
  });

  test("rounds table: one card per round, the action on screen", async ({ page }) => {
    await login(page, "hocvien");
    await page.goto("/hoi-thi");
    await page
      .getByRole("link", { name: /năm 20(2[3-9]|[3-9]\d)/ })
      .first()
      .click();
    await expectNoHorizontalScroll(page);
    const start = page.getByRole("link", { name: "Vào thi" });
    const box = await start.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await expect(page.locator("td[data-label='Hệ số']").first()).toHaveText("0,3");
    await page.screenshot({ path: "test-results/rounds-360.png", fullPage: true });
  });

  test("judge's sheet list fits the screen", async ({ page }) => {
    await login(page, "giamkhao");
    await page.getByRole("link", { name: "Chấm vòng “Xử lý tình huống”" }).click();
    await expectNoHorizontalScroll(page);
  });

  test("report tables: the untrained list's name column readable, the scroll hint shown", async ({ page }) => {
    await login(page, "bantochuc");
    await page.goto("/bao-cao");
    await expectNoHorizontalScroll(page);
    const untrained = page.locator("table", { has: page.locator("th", { hasText: "STT" }) }).first();
    await expectNameColumnReadable(untrained, "Họ và tên");
    for (const wrap of await page.locator(".table-wrap").all()) await expectScrollHint(page, wrap);
    await page.screenshot({ path: "test-results/report-360.png", fullPage: true });
  });

  for (const username of ["hocvien", "giamkhao", "hoithi", "donvi", "bantochuc", "thisinh1"]) {
    test(`${username}'s home page fits the screen`, async ({ page }) => {
      await login(page, username);
      await expectNoHorizontalScroll(page);
    });
  }
});

test("at 1280 px the header is one row: brand, navigation and account", async ({ page }) => {
  await login(page, "donvi");
  const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
  const [brand, nav, account] = [await top(".brand"), await top(".main-nav"), await top(".user-menu summary")];
  const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
  expect(Math.abs(middle(brand) - middle(nav))).toBeLessThan(8);
  expect(Math.abs(middle(brand) - middle(account))).toBeLessThan(8);
  await page.screenshot({ path: "test-results/home-1280.png" });
});
