import { describe, expect, it } from "vitest";
import { checkDraft, concreteWords, keyPhrases, parseDeadline } from "~/practice/drafting";

const POLITICAL = "Giải quyết hồ sơ thủ tục hành chính đúng hạn, không để hồ sơ trễ hạn";

describe("resolution drafting checker", () => {
  it("accepts concrete tasks with owners and deadlines tied to the political task", () => {
    const check = checkDraft({
      politicalTask: POLITICAL,
      minTasks: 2,
      tasks: [
        { task: "Lập bảng theo dõi hạn xử lý từng hồ sơ, cảnh báo trước ba ngày", owner: "Đồng chí Linh", deadline: "15/05/2022" },
        { task: "Rà soát 7 hồ sơ trễ hạn tháng trước, chỉ ra khâu chậm", owner: "Đồng chí Thành", deadline: "20/05/2022" },
        { task: "", owner: "", deadline: "" },
      ],
    });
    expect(check).toMatchObject({ ok: true, taskCount: 2, tasks: [], general: [], tiesToPoliticalTask: true });
    expect(check.matched).toContain("hồ sơ");
  });

  it("says what is missing: owners, deadlines, valid dates, concrete wording, the tie to the political task", () => {
    const check = checkDraft({
      politicalTask: POLITICAL,
      minTasks: 3,
      tasks: [
        { task: "Tiếp tục thực hiện tốt nhiệm vụ chính trị", owner: "", deadline: "" },
        { task: "Tổ chức buổi giao lưu văn nghệ chào mừng ngày thành lập ngành", owner: "Đồng chí Hạnh", deadline: "31/02/2022" },
      ],
    });
    expect(check.ok).toBe(false);
    expect(check.tasks).toEqual([
      { index: 1, problems: [expect.stringMatching(/chung chung/), "chưa ghi người phụ trách", "chưa ghi thời hạn"] },
      { index: 2, problems: ["thời hạn “31/02/2022” không phải ngày hợp lệ dạng dd/mm/yyyy"] },
    ]);
    expect(check.general).toEqual([
      "nghị quyết cần ít nhất 3 nhiệm vụ cụ thể, mới có 2",
      `chưa có nhiệm vụ nào gắn với nhiệm vụ chính trị của đơn vị trong tháng: “${POLITICAL}”`,
    ]);
    expect(check.tiesToPoliticalTask).toBe(false);
  });

  it("parses dd/mm/yyyy deadlines strictly", () => {
    expect(parseDeadline("05/06/2022")?.toISOString()).toBe("2022-06-05T00:00:00.000Z");
    expect(parseDeadline("5/6/2022")).not.toBeNull();
    for (const bad of ["2022-06-05", "32/01/2022", "29/02/2023", "cuối tháng", "15/13/2022"]) expect(parseDeadline(bad)).toBeNull();
  });

  it("ignores generic verbs when judging whether a task is concrete, and ties by phrases not single syllables", () => {
    expect(concreteWords("Tăng cường, nâng cao chất lượng công tác")).toEqual([]);
    expect(concreteWords("Đăng ký sổ tay đảng viên điện tử cho 12 đồng chí").length).toBeGreaterThanOrEqual(3);
    expect(keyPhrases(POLITICAL)).toContain("trễ hạn");
    expect(keyPhrases(POLITICAL)).not.toContain("không để");
  });
});
