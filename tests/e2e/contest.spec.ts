import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, login } from "./support";

const QUESTIONS = `
- id: e2e-1
  type: single
  stem: "Chi bộ sinh hoạt thường kỳ bao lâu một lần?"
  options: [{ id: a, text: "Mỗi tuần" }, { id: b, text: "Mỗi tháng" }, { id: c, text: "Mỗi quý" }]
  correct: [b]
- id: e2e-2
  type: truefalse
  stem: "Đảng viên dự bị có quyền biểu quyết."
  options: [{ id: t, text: "Đúng" }, { id: f, text: "Sai" }]
  correct: [f]
`;
const SITUATION = {
  title: "Tỷ lệ đảng viên dự sinh hoạt không đạt yêu cầu",
  body: "Kỳ sinh hoạt tháng này chỉ có 17 trên 20 đảng viên dự. Đề án 01-ĐA/ĐUK đặt mục tiêu tỷ lệ dự sinh hoạt từ 95% trở lên (001_0af4f9b4e6b8a21f.txt §II.1.2(2)). Đồng chí xử lý thế nào?",
};
const ANSWER = "Trước hết, chi ủy gặp từng đồng chí vắng mặt để nắm lý do và nhắc trách nhiệm.";
const RIGHT_ANSWERS: Record<string, string> = {
  "Chi bộ sinh hoạt thường kỳ bao lâu một lần?": "Mỗi tháng",
  "Đảng viên dự bị có quyền biểu quyết.": "Sai",
};

async function as(browser: Browser, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, username);
  return page;
}

async function addRound(page: Page, round: { kind: string; name: string; maxPoints: string; weight: string; answerMode?: string }) {
  await page.locator("#vong-moi-kind").selectOption({ label: round.kind });
  if (round.answerMode) await page.locator("#vong-moi-answerMode").selectOption({ label: round.answerMode });
  await page.locator("#vong-moi-name").fill(round.name);
  await page.locator("#vong-moi-maxPoints").fill(round.maxPoints);
  await page.locator("#vong-moi-weight").fill(round.weight);
  await page.getByRole("button", { name: "Thêm vòng thi" }).click();
  await expect(page.getByText("Đã thêm vòng thi.")).toBeVisible();
}

async function screenshots(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: `test-results/contest-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an organiser runs a contest: three rounds, a contestant's knowledge round, two judges, live scoreboard, published results", async ({ browser }) => {
  test.setTimeout(180_000);
  const organiser = await as(browser, "hoithi");

  // Member codes from the seeded bloc contest's list: the demo learner and a grassroots prize winner.
  await organiser.goto("/hoi-thi");
  await expectAccessible(organiser);
  await organiser.getByRole("link", { name: /Đảng bộ Khối các cơ quan tỉnh năm 2022/ }).click();
  await organiser.getByRole("link", { name: "Thí sinh" }).click();
  const learnerName = (await (await as(browser, "hocvien")).locator(".user-menu summary").innerText()).replace(/^Tài khoản:\s*/, "").trim();
  const learnerRow = organiser.getByRole("row").filter({ hasText: learnerName });
  const learnerCode = (await learnerRow.getByRole("cell").first().innerText()).trim();
  const winnerRow = organiser.getByRole("row").filter({ hasText: "Đoạt giải cấp cơ sở" }).first();
  const winnerCode = (await winnerRow.getByRole("cell").first().innerText()).trim();
  const winnerName = (await winnerRow.getByRole("cell").nth(1).innerText()).trim();

  // Create the contest with three rounds.
  await organiser.goto("/hoi-thi/tao-moi");
  await organiser.getByLabel("Tên hội thi").fill("Hội thi thử nghiệm E2E");
  await organiser.getByLabel("Cấp hội thi").selectOption({ label: "Cấp Đảng bộ Khối" });
  await organiser.getByLabel("Đơn vị tổ chức").selectOption({ index: 1 });
  await organiser.getByLabel("Ngày bắt đầu").fill("2022-09-05");
  await organiser.getByLabel("Ngày kết thúc").fill("2022-09-09");
  await organiser.getByRole("button", { name: "Tạo hội thi" }).click();
  await expect(organiser.getByRole("heading", { level: 1 })).toHaveText("Hội thi thử nghiệm E2E");
  await organiser.waitForURL(/\/hoi-thi\/\d+$/);
  const contestUrl = new URL(organiser.url()).pathname;
  await addRound(organiser, { kind: "Thi kiến thức (trắc nghiệm)", name: "Kiến thức", maxPoints: "100", weight: "0.1" });
  await addRound(organiser, { kind: "Xử lý tình huống", name: "Tình huống", maxPoints: "20", weight: "1", answerMode: "Viết bài trên máy" });
  await addRound(organiser, { kind: "Thuyết trình, giới thiệu bản thân", name: "Thuyết trình", maxPoints: "20", weight: "1" });
  await expect(organiser.getByRole("table").getByRole("row")).toHaveCount(4);
  await expectAccessible(organiser);
  await screenshots(organiser, "contest");

  // Knowledge round: import the confidential set.
  await organiser.getByRole("row").filter({ hasText: "Kiến thức" }).getByRole("link", { name: "Quản lý" }).click();
  await organiser.waitForURL(/\/vong\/\d+$/);
  const knowledgeUrl = new URL(organiser.url()).pathname;
  await organiser.getByLabel("Tệp câu hỏi (.xlsx hoặc .yaml)").setInputFiles({ name: "cau-hoi.yaml", mimeType: "text/yaml", buffer: Buffer.from(QUESTIONS) });
  await organiser.getByRole("button", { name: "Nhập câu hỏi" }).click();
  await expect(organiser.getByText("Đã nhập 2 câu hỏi.")).toBeVisible();

  // Situation round: rubric and two judges.
  await organiser.goto(contestUrl);
  await organiser.getByRole("row").filter({ hasText: "Tình huống" }).getByRole("link", { name: "Quản lý" }).click();
  await organiser.waitForURL(/\/vong\/\d+$/);
  const situationUrl = new URL(organiser.url()).pathname;
  await expect(organiser.getByText("Xử lý tình huống (viết bài trên máy)")).toBeVisible();
  // One confidential situation: every contestant who draws gets it.
  await organiser.locator("summary", { hasText: "Thêm tình huống" }).click();
  await organiser.locator("#th-moi-title").fill(SITUATION.title);
  await organiser.locator("#th-moi-body").fill(SITUATION.body);
  await organiser.getByRole("button", { name: "Thêm tình huống" }).click();
  await expect(organiser.getByText("Đã thêm tình huống TH-01.")).toBeVisible();
  await organiser.locator("#tieu-chi-ten").fill("Giải pháp");
  await organiser.locator("#tieu-chi-diem").fill("20");
  await organiser.getByRole("button", { name: "Thêm tiêu chí" }).click();
  for (const judge of ["giamkhao", "giamkhao2"]) {
    await organiser.getByLabel("Tên đăng nhập giám khảo").fill(judge);
    await organiser.getByRole("button", { name: "Phân công", exact: true }).click();
    await expect(organiser.getByText("Đã phân công giám khảo.")).toBeVisible();
  }
  await expectAccessible(organiser);
  await screenshots(organiser, "round");

  // Register two contestants, then run.
  await organiser.goto(`${contestUrl}/thi-sinh`);
  await organiser.getByLabel("Đăng ký theo mã đảng viên").fill(`${learnerCode}\n${winnerCode}`);
  await organiser.getByRole("button", { name: "Đăng ký", exact: true }).click();
  await expect(organiser.getByText("Đã đăng ký 2 thí sinh.")).toBeVisible();
  await organiser.goto(contestUrl);
  await organiser.getByRole("button", { name: "Mở đăng ký" }).click();
  await organiser.getByRole("button", { name: "Bắt đầu thi" }).click();
  await expect(organiser.getByText("Đang thi", { exact: true })).toBeVisible();
  await organiser.goto(knowledgeUrl);
  await organiser.getByRole("button", { name: "Mở vòng thi" }).click();
  await expect(organiser.getByText("Vòng thi đã mở")).toBeVisible();

  // The contestant takes the knowledge round.
  const learner = await as(browser, "hocvien");
  await learner.goto(contestUrl);
  await learner.getByRole("link", { name: "Vào thi" }).click();
  await learner.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  for (const [stem, answer] of Object.entries(RIGHT_ANSWERS)) {
    await learner
      .getByRole("group", { name: new RegExp(stem.replace(/[?.]/g, "\\$&")) })
      .getByLabel(answer)
      .check();
  }
  await expect(learner.getByText(/Đã lưu lúc/)).toBeVisible();
  await expectAccessible(learner);
  await screenshots(learner, "take");
  await learner.getByRole("button", { name: "Nộp bài" }).click();
  await expect(learner.getByText("Đồng chí đã nộp bài vòng thi này.")).toBeVisible();
  await organiser.goto(knowledgeUrl);
  await organiser.getByRole("button", { name: "Đóng vòng thi và thu bài" }).click();
  await expect(organiser.getByText("Đã đóng vòng thi")).toBeVisible();

  // The situation round, answered in writing: the contestant draws, writes (autosaved) and hands in.
  await organiser.goto(situationUrl);
  await organiser.getByRole("button", { name: "Mở vòng thi" }).click();
  await expect(organiser.getByText("Vòng thi đã mở: thí sinh có thể bốc thăm tình huống.")).toBeVisible();
  await learner.goto(contestUrl);
  await learner.getByRole("link", { name: "Bốc thăm tình huống" }).click();
  await expect(learner.getByText(SITUATION.body)).toHaveCount(0);
  await learner.getByRole("button", { name: "Bốc thăm tình huống" }).click();
  await expect(learner.getByRole("heading", { name: `Tình huống TH-01: ${SITUATION.title}` })).toBeVisible();
  await learner.getByLabel("Bài làm của đồng chí").fill(ANSWER);
  await expect(learner.getByText(/Đã lưu lúc/)).toBeVisible();
  await expectAccessible(learner);
  await screenshots(learner, "situation-write");
  await learner.getByRole("button", { name: "Nộp bài" }).click();
  await expect(learner.getByRole("heading", { name: "Bài làm đã nộp" })).toBeVisible();
  await expect(learner.getByText(ANSWER)).toBeVisible();
  await organiser.goto(situationUrl);
  await expect(organiser.getByRole("row").filter({ hasText: learnerName })).toContainText("Đã nộp (khóa)");
  await screenshots(organiser, "situation-round");
  // Written answers are judged once handed in or once the round is closed (the winner never drew).
  await organiser.getByRole("button", { name: "Đóng vòng thi và thu bài" }).click();
  await expect(organiser.getByText("Đã đóng vòng thi")).toBeVisible();

  // The projector's scoreboard, open while judges score.
  const board = await as(browser, "hoithi");
  await board.goto(`${contestUrl}/bang-diem`);
  await expect(board.locator(".scoreboard-row").first()).toContainText(learnerName);
  await expectAccessible(board);

  // Two judges score: the winner gets more in the situation round and overtakes.
  for (const judge of ["giamkhao", "giamkhao2"]) {
    const page = await as(browser, judge);
    await page.goto(`${situationUrl.replace("/vong/", "/cham/")}`);
    await page.getByRole("link", { name: `Chấm ${winnerName}` }).click();
    await page.getByLabel(/Giải pháp/).fill("18");
    await page.getByRole("button", { name: "Nộp phiếu điểm" }).click();
    await expect(page.getByText(/Đã nộp phiếu điểm/)).toBeVisible();
    await page.getByRole("link", { name: `Chấm ${learnerName}` }).click();
    // The handed-in written answer sits beside the rubric.
    await expect(page.getByRole("heading", { name: "Bài làm của thí sinh" })).toBeVisible();
    await expect(page.getByText(ANSWER)).toBeVisible();
    if (judge === "giamkhao") await screenshots(page, "judge-situation");
    await page.getByLabel(/Giải pháp/).fill("4");
    await page.getByRole("button", { name: "Nộp phiếu điểm" }).click();
    await expect(page.getByText(/Đã nộp phiếu điểm/)).toBeVisible();
    if (judge === "giamkhao") {
      await expectAccessible(page);
      await screenshots(page, "judge");
    }
  }
  // Knowledge 100 × 0.1 = 10, + 4 = 14 for the learner; 18 for the winner: the board reorders by itself.
  await expect(board.locator(".scoreboard-row").first()).toContainText(winnerName, { timeout: 20_000 });
  await expect(board.locator(".scoreboard-row").first()).toContainText("18");
  await expect(board.locator(".scoreboard-row").nth(1)).toContainText("14");
  await screenshots(board, "scoreboard");

  // Finish and publish.
  await organiser.goto(contestUrl);
  await organiser.getByRole("button", { name: "Kết thúc hội thi" }).click();
  await organiser.getByRole("button", { name: "Công bố kết quả" }).click();
  await expect(organiser.getByText("Đã công bố kết quả", { exact: true })).toBeVisible();
  await learner.goto(`${contestUrl}/ket-qua`);
  const rows = learner.getByRole("table").first().getByRole("row");
  await expect(rows.nth(1)).toContainText(winnerName);
  await expect(rows.nth(1)).toContainText("Giải Nhất");
  await expect(rows.nth(2)).toContainText(learnerName);
  await expectAccessible(learner);
  await screenshots(learner, "results");
  // The learner's own row is marked; the winner's certificate is the winner's (and the organisers') to download.
  await expect(rows.nth(2)).toContainText("Đồng chí");
  await expect(rows.nth(1).getByRole("link", { name: /Giấy chứng nhận/ })).toHaveCount(0);
  await organiser.goto(`${contestUrl}/ket-qua`);
  const organiserRows = organiser.getByRole("table").first().getByRole("row");
  const certificate = await organiser.request.get(
    await organiserRows
      .nth(1)
      .getByRole("link", { name: /Giấy chứng nhận/ })
      .getAttribute("href")
      .then((h) => h!),
  );
  expect(certificate.headers()["content-type"]).toBe("application/pdf");
  expect((await certificate.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const xlsx = await organiser.request.get(`${contestUrl}/ket-qua.xlsx`);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
});
