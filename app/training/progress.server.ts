/** Reading progress: sections marked read, module read state, last visits. */
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { moduleCompletion, moduleProgress, moduleVisit, personPosition } from "#db/schema";
import { getModule, getTracks, listModules, tracksForPositions, type Track } from "./catalog.server";
import { continueTarget, isModuleRead, moduleState, type ModuleState } from "./progress";

/** The tracks a learner should take: those of their person's current positions; all for others. */
export async function getLearnerTracks({ personId }: { personId: number | null }): Promise<Track[]> {
  if (personId === null) return getTracks();
  const rows = await getDb()
    .selectDistinct({ position: personPosition.position })
    .from(personPosition)
    .where(and(eq(personPosition.personId, personId), isNull(personPosition.endedOn)));
  return tracksForPositions(rows.map((r) => r.position));
}

interface UserModuleProgress {
  doneIds: Set<string>;
  touchedAt: Date | null;
  checkPassed: boolean;
}

/** Per module (by slug): the sections read, last touch, whether the check is passed. */
export async function getUserProgress({ userId, slugs }: { userId: string; slugs: readonly string[] }) {
  const result = new Map<string, UserModuleProgress>(slugs.map((slug) => [slug, { doneIds: new Set<string>(), touchedAt: null, checkPassed: false }]));
  if (!slugs.length) return result;
  const db = getDb();
  const [marks, visits, completions] = await Promise.all([
    db
      .select({
        slug: moduleProgress.moduleSlug,
        sectionIds: sql<string[]>`array_agg(${moduleProgress.sectionId})`,
        lastMarkedAt: sql<number>`(extract(epoch from max(${moduleProgress.completedAt})) * 1000)::float8`,
      })
      .from(moduleProgress)
      .where(and(eq(moduleProgress.userId, userId), inArray(moduleProgress.moduleSlug, [...slugs])))
      .groupBy(moduleProgress.moduleSlug),
    db
      .select({ slug: moduleVisit.moduleSlug, visitedAt: moduleVisit.visitedAt })
      .from(moduleVisit)
      .where(and(eq(moduleVisit.userId, userId), inArray(moduleVisit.moduleSlug, [...slugs]))),
    db
      .select({ slug: moduleCompletion.moduleSlug })
      .from(moduleCompletion)
      .where(and(eq(moduleCompletion.userId, userId), inArray(moduleCompletion.moduleSlug, [...slugs]), isNotNull(moduleCompletion.checkPassedAt))),
  ]);
  const later = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
  for (const m of marks) {
    const entry = result.get(m.slug)!;
    entry.doneIds = new Set(m.sectionIds);
    entry.touchedAt = later(entry.touchedAt, new Date(Number(m.lastMarkedAt)));
  }
  for (const v of visits) {
    const entry = result.get(v.slug)!;
    entry.touchedAt = later(entry.touchedAt, v.visitedAt);
  }
  for (const c of completions) result.get(c.slug)!.checkPassed = true;
  return result;
}

interface TrackModuleView {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  state: ModuleState;
}

/** The learner's tracks with each module's state, and where to continue. */
export async function getLearnerOverview({ userId, personId }: { userId: string; personId: number | null }) {
  const tracks = await getLearnerTracks({ personId });
  const modules = new Map(listModules().map((m) => [m.slug, m]));
  const slugs = [...new Set(tracks.flatMap((t) => t.modules))].filter((s) => modules.has(s));
  const progress = await getUserProgress({ userId, slugs });
  const view = tracks.map((track) => {
    const items: TrackModuleView[] = track.modules.flatMap((slug) => {
      const m = modules.get(slug);
      const p = progress.get(slug);
      if (!m || !p) return [];
      const state = moduleState({ sectionIds: m.sections.map((s) => s.id), doneIds: p.doneIds, checkPassed: p.checkPassed });
      return [{ slug, title: m.title, summary: m.summary, minutes: m.minutes, state }];
    });
    const minutes = items.reduce((sum, i) => sum + i.minutes, 0);
    const done = items.filter((i) => i.state.status === "read" || i.state.status === "completed").length;
    return { id: track.id, title: track.title, audience: track.audience, days: track.days, minutes, done, modules: items };
  });
  const target = continueTarget(
    slugs.map((slug) => ({
      slug,
      sectionIds: modules.get(slug)!.sections.map((s) => s.id),
      doneIds: progress.get(slug)!.doneIds,
      touchedAt: progress.get(slug)!.touchedAt,
    })),
  );
  const started = [...progress.values()].some((p) => p.touchedAt);
  const continueAt = target
    ? {
        ...target,
        moduleTitle: modules.get(target.slug)!.title,
        sectionTitle: modules.get(target.slug)!.sections.find((s) => s.id === target.sectionId)!.title,
        started,
      }
    : null;
  return { tracks: view, continueAt };
}

/** Remembers that the learner opened a module (at most one write a minute per module). */
export async function recordVisit({ userId, slug }: { userId: string; slug: string }) {
  await getDb()
    .insert(moduleVisit)
    .values({ userId, moduleSlug: slug })
    .onConflictDoUpdate({
      target: [moduleVisit.userId, moduleVisit.moduleSlug],
      set: { visitedAt: sql`now()` },
      setWhere: sql`${moduleVisit.visitedAt} < now() - interval '1 minute'`,
    });
}

/** Updates module_completion.read_at to match the sections read now (set once when all are read, cleared when one is undone). */
async function syncReadState(tx: Executor, { userId, slug, sectionIds }: { userId: string; slug: string; sectionIds: string[] }) {
  const rows = await tx
    .select({ sectionId: moduleProgress.sectionId })
    .from(moduleProgress)
    .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, slug), inArray(moduleProgress.sectionId, sectionIds)));
  const read = isModuleRead(sectionIds, new Set(rows.map((r) => r.sectionId)));
  if (read) {
    await tx
      .insert(moduleCompletion)
      .values({ userId, moduleSlug: slug, readAt: sql`now()` })
      .onConflictDoUpdate({
        target: [moduleCompletion.userId, moduleCompletion.moduleSlug],
        set: { readAt: sql`coalesce(${moduleCompletion.readAt}, now())`, updatedAt: sql`now()` },
      });
  } else {
    await tx
      .update(moduleCompletion)
      .set({ readAt: null, updatedAt: sql`now()` })
      .where(and(eq(moduleCompletion.userId, userId), eq(moduleCompletion.moduleSlug, slug), sql`${moduleCompletion.readAt} is not null`));
  }
  return read;
}

function requireSection(slug: string, sectionId: string) {
  const module = getModule(slug);
  const sectionIds = module?.frontmatter.sections.map((s) => s.id) ?? [];
  if (!sectionIds.includes(sectionId)) return null;
  return sectionIds;
}

/**
 * Marks a section read (idempotent) and, when it was the last one, the module read.
 * Returns null when the module or section does not exist.
 */
export async function markSectionRead({ userId, slug, sectionId }: { userId: string; slug: string; sectionId: string }) {
  const sectionIds = requireSection(slug, sectionId);
  if (!sectionIds) return null;
  return getDb().transaction(async (tx) => {
    await tx.insert(moduleProgress).values({ userId, moduleSlug: slug, sectionId }).onConflictDoNothing();
    return { moduleRead: await syncReadState(tx, { userId, slug, sectionIds }) };
  });
}

/** Undoes a mark (idempotent); the module is then no longer read. */
export async function unmarkSectionRead({ userId, slug, sectionId }: { userId: string; slug: string; sectionId: string }) {
  const sectionIds = requireSection(slug, sectionId);
  if (!sectionIds) return null;
  return getDb().transaction(async (tx) => {
    await tx.delete(moduleProgress).where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, slug), eq(moduleProgress.sectionId, sectionId)));
    return { moduleRead: await syncReadState(tx, { userId, slug, sectionIds }) };
  });
}
