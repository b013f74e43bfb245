import { describe, expect, it } from "vitest";
import { getTracks, listModuleFiles } from "~/training/catalog.server";
import { checkModules } from "~/training/content-check.server";
import { checkCitation, checkCitations, forbiddenTokens } from "~/training/citation-check.server";

// The content test: CI fails when any module does not compile or cites a missing source.
describe("course content", () => {
  it("passes the module check (frontmatter, tracks, sections, components, sources, MDX compile)", async () => {
    expect(await checkModules()).toEqual([]);
  });

  it("lands every citation in all content on its passage, with no developer token or “bạn” left", () => {
    expect(checkCitations()).toEqual([]);
  });

  it("refuses a citation whose passage lacks the quoted words, a missing file, and developer tokens", () => {
    expect(checkCitation("001_0af4f9b4e6b8a21f.txt §III.3(3)", ["Tự giác đặt mình trong sự quản lý của chi bộ"])).toBeNull();
    expect(checkCitation("001_0af4f9b4e6b8a21f.txt §III.2(5)", ["hữu khuynh, xuê xoa, nể nang"])).toMatch(/không chứa/);
    expect(checkCitation("001_0af4f9b4e6b8a21f.txt §III.2(6)")).toMatch(/không tìm thấy mục/);
    expect(checkCitation("domain.md §4")).toMatch(/không tồn tại/);
    expect(checkCitation("001_0af4f9b4e6b8a21f.txt §II.1.2(2)", ["95%"])).toBeNull();
    expect(checkCitation("001_0af4f9b4e6b8a21f.txt §II.1.2(2)", ["98%"])).toMatch(/không chứa “98%”/);
    expect(forbiddenTokens("Theo domain.md §8 (quy tắc 19) [W8], bạn cần")).toHaveLength(4);
    expect(forbiddenTokens("Đồng chí giữ quan hệ bạn bè trong sáng.")).toEqual([]);
  });

  it("has the nine modules and both tracks, every track module existing", () => {
    const slugs = listModuleFiles().map((m) => m.frontmatter.slug);
    expect(slugs).toHaveLength(9);
    const tracks = getTracks();
    expect(tracks.map((t) => t.id)).toEqual(["A", "B"]);
    for (const track of tracks) for (const slug of track.modules) expect(slugs).toContain(slug);
  });
});
