import { describe, expect, it } from "vitest";
import { SITE_NAME } from "~/utils/meta";

// Every page (a route module with a component) says what it is: a title ending in the site's name and a
// description, also before its data has loaded (an error page renders meta without data).
const routes = import.meta.glob<Record<string, unknown>>("../../app/routes/*.tsx", { eager: true });

type Meta = (args: { data: unknown; params: Record<string, string>; location: unknown; matches: unknown[] }) => Record<string, string>[];

describe("page meta", () => {
  const pages = Object.entries(routes).filter(([, mod]) => typeof mod.default === "function");

  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(50);
  });

  it.each(pages.map(([file, mod]) => [file.replace("../../app/routes/", ""), mod] as const))("%s has a title and a description", (_file, mod) => {
    expect(typeof mod.meta).toBe("function");
    const tags = (mod.meta as Meta)({ data: undefined, params: {}, location: { pathname: "/" }, matches: [] });
    const title = tags.find((t) => "title" in t)?.title ?? "";
    const description = tags.find((t) => t.name === "description")?.content ?? "";
    expect(title.endsWith(` · ${SITE_NAME}`)).toBe(true);
    expect(description.length).toBeGreaterThan(20);
    expect(description).not.toMatch(/\bbạn\b/i);
  });
});
