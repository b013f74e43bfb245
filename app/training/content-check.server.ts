/**
 * The module content check (content/check.ts and tests/unit/training-content.test.ts):
 * every module compiles, its Section blocks match its frontmatter, it uses only the
 * author components with their required props, and every source it cites exists.
 */
import { checkSource } from "../../content/sources";
import { checkCatalog, MODULES_DIR, readModuleFile } from "./catalog.server";
import { compileMdx } from "./compile.server";
import { checkComponents, checkSections, citedSources } from "./module-text";
import { readdirSync } from "node:fs";

/** Errors in module bodies (frontmatter errors come from checkCatalog). */
async function checkModuleBodies(): Promise<string[]> {
  const errors: string[] = [];
  for (const file of readdirSync(MODULES_DIR)
    .filter((f) => f.endsWith(".mdx"))
    .sort()) {
    let module;
    try {
      module = readModuleFile(file);
    } catch {
      continue; // reported by checkCatalog
    }
    const fm = module.frontmatter;
    const prefix = (e: string) => `${file}: ${e}`;
    errors.push(...checkSections(module.body, fm.sections).map(prefix));
    errors.push(...checkComponents(module.body).map(prefix));
    for (const source of [...fm.sources, ...citedSources(module.body)]) {
      const error = checkSource(source);
      if (error) errors.push(prefix(error));
    }
    if (fm.sections[fm.sections.length - 1]?.id !== "tom-tat") errors.push(prefix("phần cuối cùng phải là phần tóm tắt (tom-tat)"));
    try {
      await compileMdx(module.body);
    } catch (error) {
      errors.push(prefix(`lỗi biên dịch MDX: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return errors;
}

/** Catalogue (frontmatter, tracks) then bodies. */
export async function checkModules(): Promise<string[]> {
  const catalog = checkCatalog();
  const bodies = await checkModuleBodies();
  return [...catalog, ...bodies];
}
