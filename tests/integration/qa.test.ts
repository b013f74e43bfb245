import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { user } from "#db/schema";
import * as unitRoute from "~/routes/quan-tri.don-vi.$unitId";
import * as personRoute from "~/routes/quan-tri.nguoi.$personId";
import * as runRoute from "~/routes/luyen-tap.lan.$runId";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

// Regressions found in the pre-release review.
const HUGE = "99999999999"; // an integer, but beyond int4: PostgreSQL refuses it with an error

for (const target of dbTargets()) {
  describe(`review regressions on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });

    it("answers 404, not 500, for ids in URLs beyond the int4 range", async () => {
      const learner = await cookieFor("u-hocvien");
      const admin = await cookieFor("u-donvi");
      const run = await settle(() => runRoute.loader(args(getRequest(`/luyen-tap/lan/${HUGE}`, learner), { runId: HUGE })));
      expect(run.status).toBe(404);
      const runPost = await settle(() =>
        runRoute.action(args(postRequest(`/luyen-tap/lan/${HUGE}`, { intent: "choose", stepIndex: "0", choiceId: "a" }, learner), { runId: HUGE })),
      );
      expect(runPost.status).not.toBe(500);
      const unitPage = await settle(() => unitRoute.loader(args(getRequest(`/quan-tri/don-vi/${HUGE}`, admin), { unitId: HUGE })));
      expect(unitPage.status).toBe(404);
      const personPage = await settle(() => personRoute.loader(args(getRequest(`/quan-tri/nguoi/${HUGE}`, admin), { personId: HUGE })));
      expect(personPage.status).toBe(404);
    });

    it("refuses an out-of-range unit id in a form with a field message (400), not a 500", async () => {
      const admin = await cookieFor("u-donvi");
      const [me] = await handle.database.db.select({ personId: user.personId }).from(user).where(eq(user.id, "u-donvi"));
      const personId = String(me!.personId);
      const outcome = await settle(() =>
        personRoute.action(args(postRequest(`/quan-tri/nguoi/${personId}`, { intent: "move-person", cellId: HUGE }, admin), { personId })),
      );
      expect(outcome.status).toBe(400);
      expect(JSON.stringify(outcome.value)).toContain("Chi bộ mới không hợp lệ.");
    });

    it("shows the first page, not a 500, for a page number past any offset", async () => {
      const admin = await cookieFor("u-donvi");
      const outcome = await settle(() => unitRoute.loader(args(getRequest("/quan-tri/don-vi/2?trang=1e20", admin), { unitId: "2" })));
      expect(outcome.status).toBe(200);
      expect((outcome.value as { page: number }).page).toBe(1);
    });
  });
}
