import { describe, expect, it } from "vitest";
import { getTracks, listModuleFiles } from "~/training/catalog.server";
import { checkModules } from "~/training/content-check.server";

// The content test: CI fails when any module does not compile or cites a missing source.
describe("course content", () => {
  it("passes the module check (frontmatter, tracks, sections, components, sources, MDX compile)", async () => {
    expect(await checkModules()).toEqual([]);
  });

  it("has the nine modules and both tracks, every track module existing", () => {
    const slugs = listModuleFiles().map((m) => m.frontmatter.slug);
    expect(slugs).toHaveLength(9);
    const tracks = getTracks();
    expect(tracks.map((t) => t.id)).toEqual(["A", "B"]);
    for (const track of tracks) for (const slug of track.modules) expect(slugs).toContain(slug);
  });
});
