import { describe, expect, it } from "vitest";
import { ModuleFrontmatterSchema } from "~/training/catalog.server";
import { compileMdx } from "~/training/compile.server";
import { checkComponents, checkSections, citedSources, footnoteNumbers, plainText, sectionBodies } from "~/training/module-text";
import { continueTarget, moduleState } from "~/training/progress";
import { findAll, normalise, normaliseWithMap, queryWords, snippet } from "~/training/search-text";
import { expandShortRef, inlineItemSpan, locateCitation, locateSection, sourceHref, sourceLabel } from "~/training/sources";

const validFrontmatter = {
  title: "Vị trí, vai trò của chi bộ",
  slug: "vi-tri-vai-tro-chi-bo",
  order: 1,
  minutes: 15,
  summary: "Một câu mô tả chuyên đề.",
  objectives: ["Mục tiêu một", "Mục tiêu hai"],
  sources: ["001_0af4f9b4e6b8a21f.txt §I.1.1"],
  sections: [
    { id: "chi-bo-la-gi", title: "Chi bộ là gì" },
    { id: "tom-tat", title: "Tóm tắt" },
  ],
};

describe("module frontmatter schema", () => {
  it("accepts a valid frontmatter", () => {
    expect(ModuleFrontmatterSchema.safeParse(validFrontmatter).success).toBe(true);
  });

  it.each([
    ["minutes out of 10..25", { minutes: 5 }],
    ["a slug with diacritics", { slug: "vị-trí" }],
    ["one objective only", { objectives: ["Chỉ một"] }],
    ["no sources", { sources: [] }],
    ["a source without a section", { sources: ["001_0af4f9b4e6b8a21f.txt"] }],
    [
      "duplicate section ids",
      {
        sections: [
          { id: "a", title: "Phần A" },
          { id: "a", title: "Phần B" },
        ],
      },
    ],
    [
      "a non-kebab section id",
      {
        sections: [
          { id: "Chi_Bo", title: "Chi bộ" },
          { id: "tom-tat", title: "Tóm tắt" },
        ],
      },
    ],
  ])("rejects %s", (_name, change) => {
    expect(ModuleFrontmatterSchema.safeParse({ ...validFrontmatter, ...change }).success).toBe(false);
  });
});

describe("module body checks", () => {
  const body = `
<Section id="chi-bo-la-gi">

Chi bộ là **hạt nhân**.<SourceRef source="001_0af4f9b4e6b8a21f.txt §Mở đầu" /> Lại nữa.<SourceRef source="domain.md §3" /> Và.<SourceRef source="001_0af4f9b4e6b8a21f.txt §Mở đầu" />

<KeyFigure value="409" label="chi bộ" source="001_0af4f9b4e6b8a21f.txt §I.1.1" />

</Section>

<Section id="tom-tat">

- Một ý | hai ý

</Section>
`;

  it("finds sections, cited sources and footnote numbers in order", () => {
    expect(sectionBodies(body).map((s) => s.id)).toEqual(["chi-bo-la-gi", "tom-tat"]);
    expect(checkSections(body, validFrontmatter.sections)).toEqual([]);
    expect(citedSources(body)).toEqual([
      "001_0af4f9b4e6b8a21f.txt §Mở đầu",
      "domain.md §3",
      "001_0af4f9b4e6b8a21f.txt §Mở đầu",
      "001_0af4f9b4e6b8a21f.txt §I.1.1",
    ]);
    expect([...footnoteNumbers(body)]).toEqual([
      ["001_0af4f9b4e6b8a21f.txt §Mở đầu", 1],
      ["domain.md §3", 2],
    ]);
  });

  it("reports sections out of order, unclosed sections, unknown components and missing props", () => {
    expect(checkSections(body, [...validFrontmatter.sections].reverse())).toHaveLength(1);
    expect(checkSections(`<Section id="chi-bo-la-gi">x`, [{ id: "chi-bo-la-gi" }])).toEqual(["1 thẻ <Section> mở nhưng 0 thẻ đóng"]);
    expect(checkComponents(`<Video src="x" />`)).toEqual(["thành phần <Video> không được hỗ trợ"]);
    expect(checkComponents(`<KeyFigure value="1" label="a" />`)).toEqual(["<KeyFigure> thiếu thuộc tính source"]);
    expect(checkComponents(`<Callout type="danger">x</Callout>`)).toHaveLength(1);
    expect(checkComponents(body)).toEqual([]);
  });

  it("extracts the readable text without markup", () => {
    const text = plainText(sectionBodies(body)[0]!.body);
    expect(text).toBe("Chi bộ là hạt nhân. Lại nữa. Và. 409 chi bộ");
  });

  it("compiles valid MDX and rejects broken MDX", async () => {
    const code = await compileMdx(`<Section id="a">\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</Section>`);
    expect(code).toContain("table");
    await expect(compileMdx(`<Section id="a">\n\nKhông đóng thẻ`)).rejects.toThrow();
  });
});

describe("progress rules", () => {
  const sectionIds = ["a", "b", "c"];
  it("labels the module state", () => {
    expect(moduleState({ sectionIds, doneIds: new Set(), checkPassed: false }).label).toBe("Chưa học");
    expect(moduleState({ sectionIds, doneIds: new Set(["a"]), checkPassed: false })).toMatchObject({
      status: "in_progress",
      label: "Đang học (1/3 phần)",
      percent: 33,
    });
    expect(moduleState({ sectionIds, doneIds: new Set(["a", "b", "c"]), checkPassed: false }).label).toBe("Đã đọc xong");
    expect(moduleState({ sectionIds, doneIds: new Set(["a", "b", "c"]), checkPassed: true }).label).toBe("Hoàn thành");
  });

  it("ignores marks of sections that no longer exist", () => {
    expect(moduleState({ sectionIds, doneIds: new Set(["a", "b", "old"]), checkPassed: false }).label).toBe("Đang học (2/3 phần)");
  });

  it("continues at the first unread section of the most recently touched module", () => {
    const day = (d: number) => new Date(Date.UTC(2022, 4, d));
    const modules = [
      { slug: "m1", sectionIds, doneIds: new Set(["a", "b", "c"]), touchedAt: day(1) },
      { slug: "m2", sectionIds, doneIds: new Set(["a", "c"]), touchedAt: day(3) },
      { slug: "m3", sectionIds, doneIds: new Set(["a"]), touchedAt: day(2) },
    ];
    expect(continueTarget(modules)).toEqual({ slug: "m2", sectionId: "b" });
    // The latest module is read: go on to the next one with something unread.
    modules[1]!.doneIds = new Set(sectionIds);
    expect(continueTarget(modules)).toEqual({ slug: "m3", sectionId: "b" });
    // Nothing touched yet: start at the beginning.
    expect(continueTarget(modules.map((m) => ({ ...m, doneIds: new Set<string>(), touchedAt: null })))).toEqual({
      slug: "m1",
      sectionId: "a",
    });
    expect(continueTarget(modules.map((m) => ({ ...m, doneIds: new Set(sectionIds) })))).toBeNull();
  });
});

describe("search normalisation", () => {
  it("ignores diacritics, đ and case", () => {
    expect(normalise("Sinh hoạt Chi bộ ĐẢNG")).toBe("sinh hoat chi bo dang");
    expect(normalise("Nghị quyết, tự phê bình")).toBe("nghi quyet, tu phe binh");
    expect(queryWords("  sinh hoat, CHI bộ chi ")).toEqual(["sinh", "hoat", "chi", "bo"]);
  });

  it("maps matches back to the original text, whole words only", () => {
    const original = "Nâng cao chất lượng sinh hoạt chi bộ; chỉ đạo của Đảng bộ.";
    const text = normaliseWithMap(original);
    const ranges = findAll(text, ["chi", "bo"])!;
    expect(ranges.map((r) => original.slice(r.start, r.end))).toEqual(["chi", "bộ", "chỉ", "bộ"]);
    expect(findAll(text, ["chinh"])).toBeNull();
    // "ao" is inside "cao" and "đạo": not a whole word.
    expect(findAll(text, ["ao"])).toBeNull();
  });

  it("marks the matches in a snippet cut at word boundaries", () => {
    const original = `${"Mở đầu dài ".repeat(30)}đây là sinh hoạt chi bộ thường kỳ ${"và phần sau ".repeat(30)}`;
    const text = normaliseWithMap(original);
    const parts = snippet(original, findAll(text, queryWords("sinh hoat"))!, 120);
    expect(parts[0]).toEqual({ text: "… ", mark: false });
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(["sinh", "hoạt"]);
    expect(parts[parts.length - 1]).toEqual({ text: " …", mark: false });
    expect(parts.map((p) => p.text).join("").length).toBeLessThanOrEqual(126);
  });
});

describe("source references", () => {
  it("labels and links a source", () => {
    expect(sourceLabel("001_0af4f9b4e6b8a21f.txt §III.5(2)")).toBe("Đề án 01-ĐA/ĐUK (01/4/2022), mục III.5(2)");
    expect(sourceHref("001_0af4f9b4e6b8a21f.txt §III.5(2)")).toBe("/nguon/001_0af4f9b4e6b8a21f.txt?muc=III.5%282%29#muc");
    expect(sourceLabel("001_0af4f9b4e6b8a21f.txt §Mở đầu")).toBe("Đề án 01-ĐA/ĐUK (01/4/2022), phần mở đầu");
  });

  it("locates a section level by level", () => {
    const lines = [
      "ĐỀ ÁN",
      "I. THỰC TRẠNG",
      "1. Một",
      "III. NHIỆM VỤ",
      "1. Một",
      "5. Tập huấn",
      "(1) Đối tượng",
      "(2) Số lượng",
      "IV. TỔ CHỨC",
      "*Hai là:* nội dung",
    ];
    expect(locateSection(lines, "III.5(2)")).toBe(7);
    expect(locateSection(lines, "III.5(9)")).toBe(5); // approximate: the deepest level found
    expect(locateSection(lines, 'IV "Hai là"')).toBe(9);
    expect(locateSection(lines, "mở đầu")).toBeNull();
  });

  it("lands on items that run inline in their paragraph, inside the cited section only", () => {
    const lines = [
      "III. NHIỆM VỤ",
      "3. Nâng cao chất lượng đảng viên",
      "Mỗi đảng viên cần: (1) Tham gia xây dựng quy chế; (2) Rèn luyện; (3) Tự giác đặt mình trong sự quản lý của chi bộ. (4) Tham gia biểu quyết.",
      "4. Dự sinh hoạt",
      "(3) Báo cáo kết quả dự sinh hoạt.",
    ];
    // Before: "(3)" was searched after "3." without bound and landed on §III.4(3).
    expect(locateCitation(lines, "III.3(3)")).toEqual({ from: 2, to: 2, item: "(3)", complete: true });
    const span = inlineItemSpan(lines[2]!, "(3)")!;
    expect(lines[2]!.slice(span.start, span.end)).toBe("(3) Tự giác đặt mình trong sự quản lý của chi bộ. ");
    expect(locateCitation(lines, "III.4(3)")).toMatchObject({ from: 4, item: null, complete: true });
    expect(locateCitation(lines, "III.3(7)")).toMatchObject({ complete: false });
  });

  it("lands on the preamble for Mở đầu, and a quoted label runs to the next label", () => {
    const lines = [
      "ĐỀ ÁN",
      "Chi bộ có vị trí đặc biệt quan trọng trong hệ thống tổ chức của Đảng, là hạt nhân lãnh đạo nhiệm vụ chính trị ở cơ sở, nơi thực hiện chủ trương.",
      "I. THỰC TRẠNG",
      "II- GIẢI PHÁP",
      "*Một là:* Quán triệt.",
      "Các cấp ủy cần bồi dưỡng, nhất là đội ngũ bí thư chi bộ.",
      "*Hai là:* Nâng cao chất lượng.",
    ];
    expect(locateCitation(lines, "Mở đầu")).toEqual({ from: 1, to: 1, item: null, complete: true });
    expect(locateCitation(lines, "mở đầu")).toEqual(locateCitation(lines, "Mở đầu"));
    expect(locateCitation(lines, 'II "Một là"')).toEqual({ from: 4, to: 5, item: null, complete: true });
    expect(locateCitation(lines, "II “Hai là”")).toEqual({ from: 6, to: 6, item: null, complete: true });
  });
});

describe("short citations in module tables", () => {
  it("expands file numbers to references the source viewer opens, and nothing else", () => {
    expect(expandShortRef("001 §III.2(4)")).toBe("001_0af4f9b4e6b8a21f.txt §III.2(4)");
    expect(sourceLabel(expandShortRef(" 003 §II.2 ")!)).toBe("Kết luận Hội nghị lần thứ 13 Đảng ủy Khối (24/7/2023), mục II.2");
    // The developers' brief is no source a learner is sent to.
    expect(expandShortRef("Tài liệu nghiệp vụ tổng hợp §8")).toBeNull();
    expect(sourceHref(expandShortRef("000 §I.1")!)).toMatch(/^\/nguon\/000_cc7b9622c9bc6dfa\.txt\?muc=I\.1#muc$/);
    expect(expandShortRef("năm 2007")).toBeNull();
    expect(expandShortRef("999 §I")).toBeNull();
  });
});
