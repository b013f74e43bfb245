/**
 * Reads the practice scenarios (content/scenarios/*.yaml) once per content version:
 * parsed, validated, narratives pre-parsed to Markdown blocks, cached by file hash.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { checkSource } from "../../content/sources";
import { listModules } from "~/training/catalog.server";
import { parseMarkdown, type Block } from "./markdown";
import { bestPath, DIMENSIONS, ScenarioSchema, STEP_IDS, validateScenario, type Bounds, type Effects, type PathStep, type Scenario } from "./scenario";

export const SCENARIOS_DIR = path.resolve(process.cwd(), "content/scenarios");
const REVIEW_LINKS_FILE = path.join(SCENARIOS_DIR, "_review-links.yaml");

export interface LoadedScenario {
  scenario: Scenario;
  /** sha256 of the file, prefix: the version a run is pinned to */
  hash: string;
  best: Effects;
  bestPath: PathStep[];
  bounds: Bounds;
  narratives: Record<string, Block[]>;
}

function scenarioFiles() {
  if (!existsSync(SCENARIOS_DIR)) return [];
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
    .sort();
}

function issuesText(error: z.ZodError) {
  return error.issues.map((i) => `${i.path.join(".") || "(gốc)"}: ${i.message}`);
}

/** Parses and validates one scenario text; errors are Vietnamese and name the file. */
export function loadScenarioText(text: string, file: string): { loaded: LoadedScenario | null; errors: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { loaded: null, errors: [`${file}: YAML không hợp lệ: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) return { loaded: null, errors: issuesText(parsed.error).map((e) => `${file}: ${e}`) };
  const scenario = parsed.data;
  const errors: string[] = [];
  if (`${scenario.id}.yaml` !== file) errors.push(`${file}: id "${scenario.id}" khác tên tệp`);
  const sources = [...scenario.sources, ...Object.values(scenario.nodes).flatMap((n) => n.choices?.map((c) => c.source) ?? [])];
  for (const source of new Set(sources)) {
    const problem = checkSource(source);
    if (problem) errors.push(`${file}: ${problem}`);
  }
  const result = validateScenario(scenario);
  errors.push(...result.errors.map((e) => `${file}: ${e}`));
  if (errors.length || !result.bounds || !result.best) return { loaded: null, errors };
  const narratives: Record<string, Block[]> = {};
  for (const [id, node] of Object.entries(scenario.nodes)) narratives[id] = parseMarkdown(node.narrative);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  return { loaded: { scenario, hash, best: result.best, bestPath: bestPath(scenario), bounds: result.bounds, narratives }, errors: [] };
}

const cache = new Map<string, { hash: string; loaded: LoadedScenario }>();

function loadFile(file: string): LoadedScenario {
  const text = readFileSync(path.join(SCENARIOS_DIR, file), "utf8");
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const hit = cache.get(file);
  if (hit && hit.hash === hash) return hit.loaded;
  const { loaded, errors } = loadScenarioText(text, file);
  // content:check and CI refuse invalid scenarios; reaching this is a deployment error.
  if (!loaded) throw new Error(`Kịch bản không hợp lệ: ${errors.join("; ")}`);
  cache.set(file, { hash, loaded });
  return loaded;
}

let listCache: LoadedScenario[] | null = null;

/** All scenarios, easiest first. Read once per process (content ships with the build). */
export function listScenarios(): LoadedScenario[] {
  if (!listCache || process.env.NODE_ENV === "development") {
    listCache = scenarioFiles()
      .map(loadFile)
      .sort((a, b) => a.scenario.difficulty - b.scenario.difficulty || a.scenario.title.localeCompare(b.scenario.title, "vi"));
  }
  return listCache;
}

export function getScenario(id: string): LoadedScenario | null {
  return listScenarios().find((s) => s.scenario.id === id) ?? null;
}

const LinkSchema = z.object({ module: z.string().min(1), section: z.string().min(1) }).strict();
const ReviewLinksSchema = z
  .object({
    steps: z.record(z.enum(STEP_IDS), LinkSchema),
    dimensions: z.object({ lanhDao: LinkSchema, giaoDuc: LinkSchema, chienDau: LinkSchema, thuTuc: LinkSchema }).strict(),
    rating: LinkSchema,
    drafting: LinkSchema,
  })
  .strict();
export type ReviewLinks = z.infer<typeof ReviewLinksSchema>;
export type ReviewLink = z.infer<typeof LinkSchema>;

let linksCache: ReviewLinks | null = null;

/** The map from meeting steps and qualities to module sections (content/scenarios/_review-links.yaml). */
export function getReviewLinks(): ReviewLinks {
  if (!linksCache || process.env.NODE_ENV === "development") {
    linksCache = ReviewLinksSchema.parse(parseYaml(readFileSync(REVIEW_LINKS_FILE, "utf8")));
  }
  return linksCache;
}

/** A review link's URL and the section's title (from the module catalogue when it is there). */
export function describeLink(link: ReviewLink): { href: string; title: string } {
  const href = `/hoc-tap/${link.module}#${link.section}`;
  try {
    const module = listModules().find((m) => m.slug === link.module);
    const section = module?.sections.find((s) => s.id === link.section);
    if (module && section) return { href, title: `${module.title}: ${section.title}` };
  } catch {
    // The catalogue is unreadable (no modules yet): fall back to the bare link.
  }
  return { href, title: `${link.module} › ${link.section}` };
}

function modulesPresent() {
  const dir = path.resolve(process.cwd(), "content/modules");
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".mdx"));
}

/** Errors in the review map: unmapped steps, and links to modules or sections that do not exist. */
export function checkReviewLinks(): string[] {
  let links: ReviewLinks;
  try {
    links = ReviewLinksSchema.parse(parseYaml(readFileSync(REVIEW_LINKS_FILE, "utf8")));
  } catch (error) {
    return [`_review-links.yaml: ${error instanceof z.ZodError ? issuesText(error).join("; ") : String(error)}`];
  }
  const errors: string[] = [];
  for (const step of STEP_IDS) if (!links.steps[step]) errors.push(`_review-links.yaml: thiếu liên kết ôn tập cho bước "${step}"`);
  // Until the training modules exist there is nothing to check the links against.
  if (!modulesPresent()) return errors;
  const modules = listModules();
  const all: [string, ReviewLink][] = [
    ...Object.entries(links.steps),
    ...DIMENSIONS.map((d): [string, ReviewLink] => [d, links.dimensions[d]]),
    ["rating", links.rating],
    ["drafting", links.drafting],
  ];
  for (const [key, link] of all) {
    const module = modules.find((m) => m.slug === link.module);
    if (!module) errors.push(`_review-links.yaml: ${key} trỏ tới bài học không tồn tại "${link.module}"`);
    else if (!module.sections.some((s) => s.id === link.section)) {
      errors.push(`_review-links.yaml: ${key} trỏ tới mục không tồn tại "${link.module}#${link.section}"`);
    }
  }
  return errors;
}

/** Every error in the scenarios and the review map (for `npm run content:check` and tests). */
export function checkScenarios(): string[] {
  const files = scenarioFiles();
  const errors: string[] = [];
  if (files.length < 6) errors.push(`content/scenarios/ có ${files.length} kịch bản, cần ít nhất 6`);
  let drafting = 0;
  for (const file of files) {
    const { loaded, errors: fileErrors } = loadScenarioText(readFileSync(path.join(SCENARIOS_DIR, file), "utf8"), file);
    errors.push(...fileErrors);
    if (loaded && Object.values(loaded.scenario.nodes).some((n) => n.drafting)) drafting++;
  }
  if (files.length && !drafting) errors.push("cần ít nhất một kịch bản có bài tập soạn nghị quyết (drafting)");
  return [...errors, ...checkReviewLinks()];
}
