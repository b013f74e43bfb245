import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The import graph between features (the folders of app/) has no cycle, and the arrows the design intends hold
// (docs/decisions/022-feature-boundaries.md). Routes, the home pages, the root and the subscriptions are the
// composition layer: they may import any feature, and no feature imports them.
const APP = path.resolve(__dirname, "../../app");
const COMPOSITION = new Set(["routes", "home", "root.tsx", "entry.server.tsx", "subscriptions.server.ts"]);

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesOf(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The feature a file belongs to: its first folder under app/ (a top-level file is its own). */
function featureOf(file: string) {
  return path.relative(APP, file).split(path.sep)[0]!;
}

function featureGraph() {
  const graph = new Map<string, Set<string>>();
  for (const file of filesOf(APP)) {
    const from = featureOf(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:import|export)[^"';]*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']/g)) {
      const spec = match[1] ?? match[2]!;
      let target: string | null = null;
      if (spec.startsWith("~/")) target = path.join(APP, spec.slice(2));
      else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
      if (!target || !target.startsWith(APP)) continue;
      const to = featureOf(target.endsWith(".ts") || target.endsWith(".tsx") ? target : `${target}.ts`);
      if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("feature boundaries", () => {
  const graph = featureGraph();

  it("reads the features", () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(["auth", "org", "quiz", "contest", "completion", "meetings", "routes"]));
  });

  it("has no cycle between features", () => {
    expect(findCycle(graph)).toBeNull();
  });

  it("keeps the intended arrows", () => {
    const imports = (from: string, to: string) => graph.get(from)?.has(to) ?? false;
    // The quiz engine knows nothing of campaigns or contests; completion reacts to "attempt passed".
    expect(imports("quiz", "completion")).toBe(false);
    expect(imports("quiz", "contest")).toBe(false);
    // Org states that people changed; completion and meetings read org, never the other way.
    expect(imports("org", "completion")).toBe(false);
    expect(imports("org", "meetings")).toBe(false);
    // The role vocabulary is auth's; the shared helpers import no feature (utils may use http's request rules).
    expect(imports("auth", "org")).toBe(false);
    expect([...(graph.get("http") ?? [])]).toEqual([]);
    expect([...(graph.get("utils") ?? [])].filter((to) => to !== "http")).toEqual([]);
    // Nothing but the composition layer imports it.
    for (const [from, targets] of graph) {
      if (COMPOSITION.has(from)) continue;
      for (const layer of COMPOSITION) expect(targets.has(layer), `${from} imports ${layer}`).toBe(false);
    }
  });
});
