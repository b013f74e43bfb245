/** Progress rules shared by the pages and the tests (pure: no database). */

type ModuleStatus = "not_started" | "in_progress" | "read" | "completed";

export interface ModuleState {
  status: ModuleStatus;
  done: number;
  total: number;
  label: string;
  percent: number;
}

/**
 * A module's state from the sections it has now (content may change: marks for
 * sections that no longer exist do not count) and whether its check was passed.
 */
export function moduleState(input: { sectionIds: readonly string[]; doneIds: ReadonlySet<string>; checkPassed: boolean }): ModuleState {
  const total = input.sectionIds.length;
  const done = input.sectionIds.filter((id) => input.doneIds.has(id)).length;
  const percent = total ? Math.round((done / total) * 100) : 0;
  if (input.checkPassed) return { status: "completed", done, total, percent, label: "Hoàn thành" };
  if (total > 0 && done === total) return { status: "read", done, total, percent, label: "Đã đọc xong" };
  if (done > 0) return { status: "in_progress", done, total, percent, label: `Đang học (${done}/${total} phần)` };
  return { status: "not_started", done, total, percent, label: "Chưa học" };
}

export function isModuleRead(sectionIds: readonly string[], doneIds: ReadonlySet<string>) {
  return sectionIds.length > 0 && sectionIds.every((id) => doneIds.has(id));
}

interface ModuleProgressInput {
  slug: string;
  sectionIds: readonly string[];
  doneIds: ReadonlySet<string>;
  /** last time the learner opened the module or marked one of its sections */
  touchedAt: Date | null;
}

/**
 * "Continue where you left off": the first unread section of the most recently
 * touched module; when that module is read, the next module (in `modules` order)
 * with an unread section. Null when everything is read.
 */
export function continueTarget(modules: readonly ModuleProgressInput[]): { slug: string; sectionId: string } | null {
  const firstUnread = (m: ModuleProgressInput) => m.sectionIds.find((id) => !m.doneIds.has(id));
  let latest = -1;
  modules.forEach((m, i) => {
    if (m.touchedAt && (latest === -1 || m.touchedAt > modules[latest]!.touchedAt!)) latest = i;
  });
  const ordered = latest === -1 ? modules : [...modules.slice(latest), ...modules.slice(0, latest)];
  for (const m of ordered) {
    const sectionId = firstUnread(m);
    if (sectionId) return { slug: m.slug, sectionId };
  }
  return null;
}
