/**
 * Demo reading progress: the learner `hocvien` is part-way through track B,
 * with the first two modules read and the third in progress.
 */
import { getModule, getTracks } from "../../app/training/catalog.server";
import { moduleCompletion, moduleProgress, moduleVisit } from "../schema";
import type { SeedStep } from "../seed-runner";

const LEARNER = "u-hocvien";
const READ_MODULES = 2;
const IN_PROGRESS_SECTIONS = 2;

export const seedTrainingProgress: SeedStep = async (tx, { random }) => {
  const track = getTracks().find((t) => t.id === "B");
  if (!track) return;
  // Fixed dates (the Đề án's training quarter, II/2022) keep the seed deterministic.
  let at = Date.UTC(2022, 4, 9, 1, 30);
  const tick = () => new Date((at += random.int(4, 20) * 60_000));
  const marks: (typeof moduleProgress.$inferInsert)[] = [];
  const completions: (typeof moduleCompletion.$inferInsert)[] = [];
  const visits: (typeof moduleVisit.$inferInsert)[] = [];
  track.modules.slice(0, READ_MODULES + 1).forEach((slug, index) => {
    const sections = getModule(slug)?.frontmatter.sections ?? [];
    const read = index < READ_MODULES ? sections : sections.slice(0, IN_PROGRESS_SECTIONS);
    for (const section of read) marks.push({ userId: LEARNER, moduleSlug: slug, sectionId: section.id, completedAt: tick() });
    const last = marks[marks.length - 1]!.completedAt!;
    visits.push({ userId: LEARNER, moduleSlug: slug, visitedAt: last });
    if (index < READ_MODULES) completions.push({ userId: LEARNER, moduleSlug: slug, readAt: last, updatedAt: last });
    at += 86_400_000; // one module a day
  });
  if (marks.length) await tx.insert(moduleProgress).values(marks);
  if (visits.length) await tx.insert(moduleVisit).values(visits);
  if (completions.length) await tx.insert(moduleCompletion).values(completions);
};
