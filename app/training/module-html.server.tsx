import { getMDXComponent } from "mdx-bundler/client/index.js";
import { renderToStaticMarkup } from "react-dom/server";
import { mdxComponents, ModuleContext } from "./mdx-components";

/*
 * A module's text as HTML, rendered on the server once per (module version, sections read) and
 * reused: the page sends HTML, not the compiled code, so the browser never evaluates a lesson
 * (no 'unsafe-eval' in the policy) and a request does no rendering of the lesson. Learners share
 * few states (nothing read, everything read, a prefix), so the cache stays small.
 */
const components = new Map<string, ReturnType<typeof getMDXComponent>>();
const pages = new Map<string, string>();
const MAX_PAGES = 2_000;

export function moduleHtml(input: {
  /** the compiled module's content hash (a new version is a new key) */
  hash: string;
  code: string;
  sections: readonly { id: string; title: string }[];
  doneIds: readonly string[];
  /** the module's numbered footnotes (one per SourceRef source) */
  footnotes: readonly { source: string; n: number }[];
}): string {
  const key = `${input.hash}:${input.doneIds.join(",")}`;
  let html = pages.get(key);
  if (html === undefined) {
    let Content = components.get(input.hash);
    if (!Content) {
      Content = getMDXComponent(input.code);
      components.set(input.hash, Content);
    }
    html = renderToStaticMarkup(
      <ModuleContext.Provider
        value={{ sections: input.sections, doneIds: new Set(input.doneIds), footnotes: Object.fromEntries(input.footnotes.map((f) => [f.source, f.n])) }}
      >
        <Content components={mdxComponents} />
      </ModuleContext.Provider>,
    );
    if (pages.size >= MAX_PAGES) pages.clear();
    pages.set(key, html);
  }
  return html;
}
