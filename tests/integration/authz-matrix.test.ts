import { beforeAll, describe, expect, it } from "vitest";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, getRequest, postRequest } from "../support/requests";
import { MATRIX } from "../support/authz-table";
import {
  ROLE_NAMES,
  ROUTES,
  cookieOf,
  demoIds,
  fingerprint,
  isRefusal,
  outcomeOf,
  paramsFor,
  urlOf,
  type DemoIds,
  type Outcome,
  type RoleName,
} from "../support/routes";

const ALL = ROLE_NAMES;

function describeOutcome(outcome: Outcome) {
  const error = "error" in outcome ? `: ${String(outcome.error)}` : "";
  const location = "location" in outcome && outcome.location ? ` → ${outcome.location}` : "";
  return `${outcome.kind} ${outcome.status}${location}${error}`;
}

for (const target of dbTargets()) {
  describe(`authorization matrix on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    let ids: DemoIds;
    beforeAll(async () => {
      ids = await demoIds(handle.database);
    });

    it("has a row for every route file, and every intent of its action", () => {
      expect(Object.keys(MATRIX).sort()).toEqual(ROUTES.map((r) => r.file).sort());
      for (const route of ROUTES) {
        const expected = MATRIX[route.file]!;
        expect(Boolean(expected.get), `${route.file}: loader`).toBe(Boolean(route.module.loader));
        const posted = Object.keys(expected.post ?? {}).sort();
        expect(posted, `${route.file}: intents`).toEqual(route.module.action ? (route.intents.length ? route.intents : [""]) : []);
      }
    });

    for (const route of ROUTES) {
      it(`${route.file}: allowed roles are served, the others refused, refused posts write nothing`, async () => {
        const expected = MATRIX[route.file];
        if (!expected) return; // reported by the test above
        const params = paramsFor(route, ids);
        const problems: string[] = [];
        const check = (what: string, role: RoleName, allowed: boolean, outcome: Outcome) => {
          if (outcome.kind === "server-error") problems.push(`${what} as ${role}: ${describeOutcome(outcome)}`);
          else if (allowed && isRefusal(outcome) && !(expected.signsOut && outcome.kind === "login")) problems.push(`${what} as ${role} (allowed) was refused: ${describeOutcome(outcome)}`);
          else if (!allowed && !isRefusal(outcome)) problems.push(`${what} as ${role} (denied) got ${describeOutcome(outcome)}`);
        };

        if (route.module.loader) {
          const loader = route.module.loader;
          for (const role of ALL) {
            const cookie = await cookieOf(role);
            const outcome = await outcomeOf(() => loader(args(getRequest(urlOf(route, params), cookie), params)));
            check("GET", role, expected.get!.includes(role), outcome);
          }
        }

        const action = route.module.action;
        if (action && expected.post) {
          const cells = Object.entries(expected.post).flatMap(([intent, allowed]) => ALL.map((role) => ({ intent, role, allowed: allowed.includes(role) })));
          const post = async (cell: (typeof cells)[number]) => {
            const cookie = await cookieOf(cell.role);
            const request = postRequest(urlOf(route, params, { action: true }), cell.intent ? { intent: cell.intent } : {}, cookie);
            check(`POST ${cell.intent || "(form)"}`, cell.role, cell.allowed, await outcomeOf(() => action(args(request, params))));
          };
          // Every refused post first, between two fingerprints of the data; then the allowed ones.
          const before = await fingerprint(handle.database);
          for (const cell of cells.filter((c) => !c.allowed)) await post(cell);
          const after = await fingerprint(handle.database);
          const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
          if (changed.length) problems.push(`refused posts changed ${changed.join(", ")}`);
          for (const cell of cells.filter((c) => c.allowed)) await post(cell);
        }
        expect(problems).toEqual([]);
      });
    }
  });
}
