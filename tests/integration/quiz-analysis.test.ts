import { describe, expect, it } from "vitest";
import { person, quizAttempt, unit, user } from "#db/schema";
import { itemAnalysis } from "~/quiz/analysis.server";
import { dbTargets, useTestDatabase } from "../support/db";

/*
 * An oracle for item analysis: ten submitted attempts at "final:A" by learners of one cell, three
 * questions, every figure computed by hand below.
 *
 * Attempts ranked by percent: A1 90, A2 80, A3 70, A4 60, A5 50, A6 40, A7 30, A8 20, A9 10, A10 0.
 * Group size = ceil(10 × 0.27) = ceil(2.7) = 3: top = A1–A3, bottom = A8–A10.
 *
 *        A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 | correct  p      top  bottom  D = top/3 − bottom/3
 *   Q1   ✓  ✓  ✓  ✓  ✓  ✓  ·  ·  ·  ·   | 6/10     0,6    3/3  0/3     1 − 0   = 1
 *   Q2   ✓  ·  ·  ·  ✓  ·  ·  ✓  ✓  ✓   | 5/10     0,5    1/3  3/3     1/3 − 1 = −2/3
 *   Q3   ·  ✓  ·  ✓  ·  ·  ·  ·  ✓  ·   | 3/10     0,3    1/3  1/3     1/3 − 1/3 = 0
 *
 * Left out, each of which would change the figures if counted: an open attempt (Q1 wrong), a
 * submitted attempt of a learner outside the organiser's subtree (Q1 wrong), and a contest
 * round's attempt (Q1 wrong). Ten attempts are below MIN_ATTEMPTS_TO_FLAG: no flags.
 */
const CORRECT: Record<string, number[]> = { Q1: [1, 2, 3, 4, 5, 6], Q2: [1, 5, 8, 9, 10], Q3: [2, 4, 9] };

function results(attempt: number | null) {
  return Object.entries(CORRECT).map(([questionId, correctIn]) => {
    const correct = attempt !== null && correctIn.includes(attempt);
    return { questionId, topic: null, selected: ["a"], correct, points: correct ? 1 : 0, maxPoints: 1 };
  });
}

for (const target of dbTargets()) {
  describe(`item analysis on ${target.name}`, () => {
    const handle = useTestDatabase(target);

    it("computes difficulty (share correct) and discrimination as worked out by hand", async () => {
      const db = handle.database.db;
      await db.insert(unit).values([
        { id: 1, kind: "dang_bo_khoi", name: "Đảng bộ Khối", path: "/1/", depth: 0 },
        { id: 2, parentId: 1, kind: "chi_bo", name: "Chi bộ Một", path: "/1/2/", depth: 1 },
        { id: 3, parentId: 1, kind: "chi_bo", name: "Chi bộ Hai", path: "/1/3/", depth: 1 },
      ]);
      const people = Array.from({ length: 11 }, (_, i) => ({
        id: i + 1,
        memberCode: `T${i + 1}`,
        familyName: "Nguyễn",
        givenName: `Học viên ${i + 1}`,
        sortKey: `nguyen hoc vien ${i + 1}`,
        unitId: i < 10 ? 2 : 3,
      }));
      await db.insert(person).values(people);
      await db.insert(user).values(people.map((p) => ({ id: `u${p.id}`, username: `u${p.id}`, passwordHash: "-", displayName: p.givenName, personId: p.id })));

      const base = { attemptNo: 1, questions: [], passPercent: 50, maxScore: 10, submittedAt: new Date() };
      await db.insert(quizAttempt).values([
        ...Array.from({ length: 10 }, (_, i) => ({
          ...base,
          userId: `u${i + 1}`,
          quizKey: "final:A",
          status: "submitted",
          percent: 90 - 10 * i,
          results: results(i + 1),
        })),
        { ...base, userId: "u1", quizKey: "final:A", attemptNo: 2, status: "open", percent: 100, results: results(null) },
        { ...base, userId: "u11", quizKey: "final:A", status: "submitted", percent: 100, results: results(null) },
        { ...base, userId: "u1", quizKey: "contest-round:1", status: "submitted", percent: 100, results: results(null) },
      ]);

      for (const filter of ["final:A", "all"]) {
        const { items, attempts } = await itemAnalysis({ scopePaths: ["/1/2/"], filter });
        expect(attempts, filter).toBe(10);
        const byId = Object.fromEntries(items.map((i) => [i.questionId, i]));
        expect(byId.Q1).toMatchObject({ attempts: 10, correct: 6, pCorrect: 0.6, discrimination: 1, flag: null });
        expect(byId.Q2).toMatchObject({ attempts: 10, correct: 5, pCorrect: 0.5, flag: null });
        expect(byId.Q2!.discrimination).toBeCloseTo(-2 / 3, 10);
        expect(byId.Q3).toMatchObject({ attempts: 10, correct: 3, pCorrect: 0.3, discrimination: 0, flag: null });
        // Weakest discrimination first: where an author should look.
        expect(items.map((i) => i.questionId)).toEqual(["Q2", "Q3", "Q1"]);
      }

      // The whole bloc sees the outside learner's attempt too: 11 attempts, Q1 6/11.
      const bloc = await itemAnalysis({ scopePaths: ["/1/"], filter: "final:A" });
      expect(bloc.attempts).toBe(11);
      expect(bloc.items.find((i) => i.questionId === "Q1")).toMatchObject({ attempts: 11, correct: 6 });
      // No module checks were taken.
      expect(await itemAnalysis({ scopePaths: ["/1/2/"], filter: "module" })).toEqual({ items: [], attempts: 0 });
    });
  });
}
