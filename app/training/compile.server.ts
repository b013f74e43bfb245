/**
 * Compiles module MDX with mdx-bundler once per content version: cached in memory
 * by slug + hash and on disk under .cache/mdx/<hash>.json, so a restarted server
 * is warm. Compiles are serialized (esbuild is memory-hungry on 2 cores).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";
import { z } from "zod";
import { listModuleFiles, type ModuleFile } from "./catalog.server";

/** Bump when the compile options change: old cache entries then miss. */
const COMPILER_VERSION = "mdx-bundler-10/remark-gfm-4/v1";
const CACHE_DIR = path.resolve(process.cwd(), ".cache/mdx");

interface CompiledModule {
  slug: string;
  hash: string;
  code: string;
}

const CacheFileSchema = z.object({ version: z.literal(COMPILER_VERSION), hash: z.string(), code: z.string() });

const memory = new Map<string, Promise<CompiledModule>>();
let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every compile queued before it. */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function cacheKey(file: ModuleFile) {
  return createHash("sha256").update(COMPILER_VERSION).update(file.hash).digest("hex");
}

function readDiskCache(key: string) {
  try {
    const parsed = CacheFileSchema.safeParse(JSON.parse(readFileSync(path.join(CACHE_DIR, `${key}.json`), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeDiskCache(key: string, code: string) {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const target = path.join(CACHE_DIR, `${key}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: COMPILER_VERSION, hash: key, code }));
    renameSync(temp, target); // atomic: a concurrent reader never sees half a file
  } catch {
    // A read-only disk only costs a compile after restart.
  }
}

/** Compiles MDX source (the body, without frontmatter). Throws with the MDX error message. */
export async function compileMdx(source: string) {
  const result = await serialized(() =>
    bundleMDX({
      source,
      // Errors are returned in the exception (and reported by the caller), not printed by esbuild.
      esbuildOptions(options) {
        options.logLevel = "silent";
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        return options;
      },
    }),
  );
  return result.code;
}

async function compileModuleFile(file: ModuleFile): Promise<CompiledModule> {
  const key = cacheKey(file);
  const cached = readDiskCache(key);
  if (cached) return { slug: file.frontmatter.slug, hash: file.hash, code: cached.code };
  const code = await compileMdx(file.body);
  writeDiskCache(key, code);
  return { slug: file.frontmatter.slug, hash: file.hash, code };
}

/** The compiled module for a catalogue file (memory → disk → compile). */
export function getCompiledFile(file: ModuleFile): Promise<CompiledModule> {
  const key = `${file.frontmatter.slug}:${file.hash}`;
  let pending = memory.get(key);
  if (!pending) {
    pending = compileModuleFile(file);
    memory.set(key, pending);
    // A failed compile is not cached: the next request retries (after the author fixes it).
    pending.catch(() => memory.delete(key));
  }
  return pending;
}

/** Compiles every module (at server start), so the first learner does not wait. */
async function warmAllModules() {
  for (const file of listModuleFiles()) await getCompiledFile(file);
}

// A production server warms every module in the background at start (from .cache/mdx when present).
if (process.env.NODE_ENV === "production" && process.env.MDX_WARM !== "0") {
  setTimeout(() => {
    warmAllModules().catch((error: unknown) => console.warn("Không biên dịch trước được bài học:", error));
  }, 0).unref();
}
