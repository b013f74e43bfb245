/**
 * The course catalogue: module frontmatter (content/modules/*.mdx) and the two
 * training tracks (content/tracks.yaml), validated with zod and read once per
 * process. The MDX bodies are compiled elsewhere (training feature).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { POSITION_CODES, type Position } from "~/org/vocabulary";

const CONTENT_DIR = path.resolve(process.cwd(), "content");
export const MODULES_DIR = path.join(CONTENT_DIR, "modules");

const SourceString = z.string().regex(/^\S+\.(txt|md) §.+$/, 'nguồn phải có dạng "<tệp> §<mục>"');
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "chỉ gồm chữ thường không dấu, số và dấu gạch ngang");

export const ModuleFrontmatterSchema = z.object({
  title: z.string().min(3),
  slug: Slug,
  order: z.number().int().positive(),
  minutes: z.number().int().min(10).max(25),
  summary: z.string().min(10),
  objectives: z.array(z.string().min(3)).min(2).max(6),
  sources: z.array(SourceString).min(1),
  sections: z
    .array(z.object({ id: Slug, title: z.string().min(2) }))
    .min(2)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, "mã mục bị trùng"),
});
type ModuleFrontmatter = z.infer<typeof ModuleFrontmatterSchema>;

const TrackSchema = z.object({
  id: z.enum(["A", "B"]),
  title: z.string(),
  audience: z.string(),
  days: z.string(),
  positions: z.array(z.enum(POSITION_CODES)).min(1),
  modules: z.array(Slug).min(1),
  source: SourceString,
});
export type Track = z.infer<typeof TrackSchema>;

export interface ModuleFile {
  file: string;
  /** sha256 of the whole file: the cache key of its compiled form */
  hash: string;
  frontmatter: ModuleFrontmatter;
  body: string;
}

/** Splits "---\nyaml\n---\nbody" into its parts. */
function splitFrontmatter(text: string) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return null;
  return { yaml: match[1]!, body: match[2]! };
}

/** Reads and validates one module file; throws a Vietnamese message naming the file. */
export function readModuleFile(file: string): ModuleFile {
  const text = readFileSync(path.join(MODULES_DIR, file), "utf8");
  const parts = splitFrontmatter(text);
  if (!parts) throw new Error(`${file}: thiếu phần frontmatter`);
  const parsed = ModuleFrontmatterSchema.safeParse(parseYaml(parts.yaml));
  if (!parsed.success) {
    throw new Error(`${file}: frontmatter không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const expected = file.replace(/^\d+-/, "").replace(/\.mdx$/, "");
  if (parsed.data.slug !== expected) throw new Error(`${file}: slug "${parsed.data.slug}" khác tên tệp`);
  return { file, hash: createHash("sha256").update(text).digest("hex"), frontmatter: parsed.data, body: parts.body };
}

let modulesCache: ModuleFile[] | null = null;
let tracksCache: Track[] | null = null;

/** All modules in order. Content is read once per process (it ships with the build). */
export function listModuleFiles(): ModuleFile[] {
  if (!modulesCache || process.env.NODE_ENV === "development") {
    modulesCache = readdirSync(MODULES_DIR)
      .filter((f) => f.endsWith(".mdx"))
      .sort()
      .map(readModuleFile)
      .sort((a, b) => a.frontmatter.order - b.frontmatter.order);
  }
  return modulesCache;
}

export function listModules(): ModuleFrontmatter[] {
  return listModuleFiles().map((m) => m.frontmatter);
}

export function getModule(slug: string): ModuleFile | null {
  return listModuleFiles().find((m) => m.frontmatter.slug === slug) ?? null;
}

export function getTracks(): Track[] {
  if (!tracksCache || process.env.NODE_ENV === "development") {
    const raw: unknown = parseYaml(readFileSync(path.join(CONTENT_DIR, "tracks.yaml"), "utf8"));
    tracksCache = z.array(TrackSchema).parse(raw);
  }
  return tracksCache;
}

/** The tracks a person's positions call for; everyone else may take any track. */
export function tracksForPositions(positions: readonly (Position | string)[]): Track[] {
  const tracks = getTracks();
  const matching = tracks.filter((t) => t.positions.some((p) => positions.includes(p)));
  return matching.length ? matching : tracks;
}

/** Errors in the catalogue (for content:check): files, frontmatter, tracks naming unknown modules. */
export function checkCatalog(): string[] {
  const errors: string[] = [];
  const modules: ModuleFile[] = [];
  for (const file of readdirSync(MODULES_DIR).filter((f) => f.endsWith(".mdx"))) {
    try {
      modules.push(readModuleFile(file));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  const orders = modules.map((m) => m.frontmatter.order);
  if (new Set(orders).size !== orders.length) errors.push("thứ tự (order) của các bài học bị trùng");
  try {
    const slugs = new Set(modules.map((m) => m.frontmatter.slug));
    for (const track of getTracks()) {
      for (const slug of track.modules) if (!slugs.has(slug)) errors.push(`tracks.yaml: chương trình ${track.id} nêu bài học không tồn tại "${slug}"`);
    }
  } catch (error) {
    errors.push(`tracks.yaml: ${error instanceof Error ? error.message : String(error)}`);
  }
  return errors;
}
