/** Everything the module page needs, for one learner. */
import type { SessionUser } from "~/auth/permissions";
import { getModule, listModules, type ModuleFile } from "./catalog.server";
import { getCompiledFile } from "./compile.server";
import { moduleHtml } from "./module-html.server";
import { footnoteNumbers } from "./module-text";
import { getLearnerTracks, getUserProgress, recordVisit } from "./progress.server";
import { moduleState } from "./progress";
import { sourceHref, sourceLabel } from "./sources";

const footnotesByHash = new Map<string, { n: number; source: string; label: string; href: string }[]>();

/** The numbered footnotes of a module (one per distinct SourceRef source), memoized per content hash. */
function footnotesOf(file: ModuleFile) {
  let list = footnotesByHash.get(file.hash);
  if (!list) {
    list = [...footnoteNumbers(file.body)].map(([source, n]) => ({ n, source, label: sourceLabel(source), href: sourceHref(source) }));
    footnotesByHash.set(file.hash, list);
  }
  return list;
}

export async function getModulePage({ user, slug }: { user: SessionUser; slug: string }) {
  const file = getModule(slug);
  if (!file) return null;
  const [compiled, progress, tracks] = await Promise.all([
    getCompiledFile(file),
    getUserProgress({ userId: user.id, slugs: [slug] }),
    getLearnerTracks({ personId: user.personId }),
    recordVisit({ userId: user.id, slug }),
  ]);
  const fm = file.frontmatter;
  const own = progress.get(slug)!;
  // Previous/next: the catalogue order restricted to the learner's tracks (a learner on tracks A and B gets
  // every module of both; the tracks list modules in catalogue order).
  const onMyTracks = new Set(tracks.flatMap((t) => t.modules));
  const order = listModules()
    .map((m) => m.slug)
    .filter((s) => onMyTracks.has(s) || s === slug);
  const at = order.indexOf(slug);
  const neighbour = (s: string | undefined) => {
    const m = s ? getModule(s) : null;
    return m ? { slug: m.frontmatter.slug, title: m.frontmatter.title } : null;
  };
  const sectionIds = fm.sections.map((s) => s.id);
  const doneIds = sectionIds.filter((id) => own.doneIds.has(id));
  const footnotes = footnotesOf(file);
  return {
    module: { slug, title: fm.title, summary: fm.summary, minutes: fm.minutes, objectives: fm.objectives, sections: fm.sections },
    html: moduleHtml({
      hash: file.hash,
      code: compiled.code,
      sections: fm.sections,
      doneIds,
      footnotes,
    }),
    doneIds,
    state: moduleState({ sectionIds, doneIds: own.doneIds, checkPassed: own.checkPassed }),
    footnotes,
    previous: neighbour(order[at - 1]),
    next: neighbour(order[at + 1]),
  };
}
