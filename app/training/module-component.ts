import { getMDXComponent } from "mdx-bundler/client/index.js";

type ModuleComponent = ReturnType<typeof getMDXComponent>;

/**
 * The React component of a compiled module, evaluated once per compiled code (on the server: once
 * per process, not per request; `useMemo` does not memoize across server renders). A few modules
 * exist, so the map stays small; a recompiled module is a new string and a new entry.
 */
const components = new Map<string, ModuleComponent>();
const MAX_ENTRIES = 64;

export function moduleComponent(code: string): ModuleComponent {
  let component = components.get(code);
  if (!component) {
    if (components.size >= MAX_ENTRIES) components.clear();
    component = getMDXComponent(code);
    components.set(code, component);
  }
  return component;
}
