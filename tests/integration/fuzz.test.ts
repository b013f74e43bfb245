import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { allowedRoles } from "../support/authz-table";
import { dbTargets, useTestDatabase } from "../support/db";
import { args } from "../support/requests";
import { ROUTES, cookieOf, demoIds, fingerprint, outcomeOf, paramsFor, urlOf, type DemoIds, type RoleName, type RouteEntry } from "../support/routes";

// Every loader and action of the manifest, signed in as a role that may use it, fed malformed
// input: no answer may be a 5xx, and an answer of 4xx must leave the data as it was.
// Bounded (fixed seed, few runs per route) so that one database takes about a minute on 2 cores.
const SEED = 14;
const GET_RUNS = 6;
const POST_RUNS = 10;

const BAD_IDS = ["2147483648", "-1", "1e20", "abc", "", "0", "1.5", " 7", "99999999999999999999", "0x10", "NaN"];
const CONTROL = ["\u0000", "a\u0000b", "\u0007\u001b[31m", "x\u007fy", "\r\n\t", "\u0008"];
const NASTY = [
  ...BAD_IDS,
  ...CONTROL,
  "x".repeat(5000),
  "Nguyễn Văn A",
  "<script>alert(1)</script>",
  "'; drop table unit; --",
  "%00",
  "\ud800",
  '=HYPERLINK("http://x")',
  "2022-13-45",
  "true",
  "[]",
];
// Every query parameter the app reads (grep searchParams and the query schemas), and a stranger.
const QUERY_KEYS = [
  "trang",
  "trang-don-vi",
  "don-vi",
  "chien-dich",
  "chuc-vu",
  "sap-xep",
  "chieu",
  "bang",
  "dinh-dang",
  "thiSinh",
  "vong",
  "muc",
  "q",
  "bai",
  "xem",
  "kich-ban",
  "vai_tro",
  "redirectTo",
  "index",
  "khac",
];
/** Besides the random runs, each loader gets every param and every query parameter set to each of these. */
const SWEEP = ["a\u0000b", "2147483648", "-1", "1e20", "x".repeat(5000), "", "\u001b[2J"];
// Fields the actions read that are named in schemas rather than in the route's markup.
const COMMON_FIELDS = [
  "intent",
  "id",
  "roundId",
  "contestantId",
  "attemptId",
  "questionId",
  "unitId",
  "personId",
  "parentId",
  "cellId",
  "positionId",
  "grantId",
  "nominationId",
  "situationId",
  "criterionId",
  "judgeUserId",
  "stepIndex",
  "choiceId",
  "task",
  "owner",
  "deadline",
  "shown",
  "q.1",
  "q:1",
  "c1",
  "password",
  "username",
  "name",
  "memberCode",
  "familyName",
  "givenName",
  "from",
  "direction",
  "note",
  "answer",
  "role",
  "position",
  "campaignId",
];

function fieldsOf(route: RouteEntry) {
  const named = [...route.source.matchAll(/name="([^"{}]+)"/g)].map((m) => m[1]!);
  return [...new Set([...COMMON_FIELDS, ...named, ...route.intents])];
}

/** Malformed values, and real ids of the demo data so that requests also get past the parsers. */
function valueArbitrary(ids: DemoIds) {
  const real = Object.values(ids).map(String);
  return fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom(...real), fc.string({ maxLength: 12 }), fc.nat().map(String));
}

/** A request body in one of the shapes a client (or an attacker) may send. */
type Body = { kind: "urlencoded" | "multipart" | "json" | "text" | "none" | "broken-multipart" | "huge"; entries: [string, string][] };

function bodyArbitrary(fields: string[], intents: string[], value: fc.Arbitrary<string>) {
  const name = fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 }));
  const intent = fc.constantFrom(...(intents.length ? intents : ["x"]), "khong-co", "", "\u0000");
  const entry = fc.tuple(name, value);
  return fc.record({
    kind: fc.constantFrom<Body["kind"]>("urlencoded", "urlencoded", "multipart", "json", "text", "none", "broken-multipart", "huge"),
    entries: fc.tuple(intent, fc.array(entry, { maxLength: 10 })).map(([i, rest]) => [["intent", i] as [string, string], ...rest]),
  });
}

function requestOf(url: string, body: Body, cookie: string | undefined) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  let payload: BodyInit;
  switch (body.kind) {
    case "urlencoded":
    case "huge": {
      const form = new URLSearchParams(body.entries);
      if (body.kind === "huge") form.append("note", "x".repeat(300 * 1024));
      payload = form;
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      break;
    }
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of body.entries) form.append(k, v);
      form.append("file", new Blob(["a,b\n1,2\n"], { type: "text/csv" }), "danh-sach.csv");
      payload = form;
      break;
    }
    case "json":
      payload = JSON.stringify(Object.fromEntries(body.entries));
      headers.set("Content-Type", "application/json");
      break;
    case "text":
      payload = body.entries.map(([k, v]) => `${k}=${v}`).join("\n");
      headers.set("Content-Type", "text/plain");
      break;
    case "none":
      payload = new TextEncoder().encode(new URLSearchParams(body.entries).toString());
      break;
    case "broken-multipart":
      payload = `--other\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${body.entries[0]![1]}\r\n--other`;
      headers.set("Content-Type", "multipart/form-data; boundary=xyz");
      break;
  }
  return new Request(`http://localhost${url}`, { method: "POST", body: payload, headers });
}

function paramsArbitrary(route: RouteEntry, real: Record<string, string>) {
  const entries = route.params.map((p) => fc.constantFrom(real[p]!, real[p]!, ...BAD_IDS, ...CONTROL, "%", "../../etc/passwd").map((v) => [p, v] as const));
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
}

const queryArbitrary = (value: fc.Arbitrary<string>) => fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), value), { maxLength: 5 });

/** The first role the matrix lets in, else the sysadmin (whose refusals are still fuzzed). */
function roleFor(route: RouteEntry, method: "GET" | "POST", intents: string[]): RoleName {
  const allowed = method === "GET" ? allowedRoles(route.file, "GET") : intents.flatMap((i) => allowedRoles(route.file, "POST", i));
  return allowed.find((r) => r !== "anonymous") ?? allowed[0] ?? "quantri";
}

function describeRun(what: string, detail: unknown, outcome: Awaited<ReturnType<typeof outcomeOf>>) {
  const thrown = "error" in outcome && outcome.error instanceof Error ? outcome.error : null;
  // A driver error carries the database's own message as its cause.
  const cause = thrown?.cause instanceof Error ? ` (${thrown.cause.message})` : "";
  const error = thrown ? `${thrown.message}${cause}\n${thrown.stack?.split("\n").slice(1, 4).join("\n")}` : "";
  return `${what} ${JSON.stringify(detail).slice(0, 400)} → ${outcome.status} ${error}`;
}

for (const target of dbTargets()) {
  describe(`fuzzed requests on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    let ids: DemoIds;
    beforeAll(async () => {
      ids = await demoIds(handle.database);
    });

    it("searches with control characters in the query text as if they were not there (cleaned, not refused)", async () => {
      const admin = ROUTES.find((r) => r.file === "quan-tri._index")!;
      const accounts = ROUTES.find((r) => r.file === "quan-tri.tai-khoan")!;
      const report = ROUTES.find((r) => r.file === "bao-cao._index")!;
      const read = async (route: RouteEntry, role: RoleName, query: string) => {
        const cookie = await cookieOf(role);
        return JSON.stringify(
          await route.module.loader!(args(new Request(`http://localhost${urlOf(route, {}, { query })}`, { headers: { Cookie: cookie! } }))),
        );
      };
      const people = await read(admin, "bantochuc", "q=Nguy%00%07%1B%C3%AA%CC%83n");
      expect(people).toBe(await read(admin, "bantochuc", "q=Nguy%C3%AA%CC%83n"));
      expect(JSON.parse(people).results.length).toBeGreaterThan(0);
      expect(await read(accounts, "quantri", "q=thi%00sinh")).toBe(await read(accounts, "quantri", "q=thisinh"));
      const position = `chien-dich=${ids.campaign}&chuc-vu=bi_thu%00_chi_bo`;
      expect(await read(report, "bantochuc", position)).toBe(await read(report, "bantochuc", `chien-dich=${ids.campaign}&chuc-vu=bi_thu_chi_bo`));
    });

    for (const route of ROUTES) {
      const loader = route.module.loader;
      if (loader) {
        it(`GET ${route.file}: no 5xx on malformed params and query strings`, async () => {
          const cookie = await cookieOf(roleFor(route, "GET", []));
          const real = paramsFor(route, ids);
          await fc.assert(
            fc.asyncProperty(paramsArbitrary(route, real), queryArbitrary(valueArbitrary(ids)), async (params, query) => {
              const url = urlOf(route, params, { query: new URLSearchParams(query).toString() });
              const outcome = await outcomeOf(() => loader(args(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} }), params)));
              if (outcome.kind === "server-error") throw new Error(describeRun("GET", { url, params }, outcome));
            }),
            { numRuns: GET_RUNS, seed: SEED, endOnFailure: true },
          );
          for (const bad of SWEEP) {
            const query = new URLSearchParams(QUERY_KEYS.map((k) => [k, bad])).toString();
            const badParams = Object.fromEntries(route.params.map((p) => [p, bad]));
            for (const params of [real, badParams]) {
              const url = urlOf(route, params, { query });
              const outcome = await outcomeOf(() => loader(args(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} }), params)));
              expect(outcome.kind, describeRun("GET", { url }, outcome)).not.toBe("server-error");
            }
          }
        });
      }
      const action = route.module.action;
      if (action) {
        it(`POST ${route.file}: no 5xx on malformed bodies, and a refusal writes nothing`, async () => {
          const role = roleFor(route, "POST", route.intents.length ? route.intents : [""]);
          const real = paramsFor(route, ids);
          const fields = fieldsOf(route);
          let baseline = await fingerprint(handle.database);
          await fc.assert(
            fc.asyncProperty(paramsArbitrary(route, real), bodyArbitrary(fields, route.intents, valueArbitrary(ids)), async (params, body) => {
              // A fresh session each time: the logout route ends the one it is given.
              const cookie = await cookieOf(role);
              const url = urlOf(route, params, { action: true });
              const outcome = await outcomeOf(() => action(args(requestOf(url, body, cookie), params)));
              if (outcome.kind === "server-error") throw new Error(describeRun("POST", { url, body }, outcome));
              const now = await fingerprint(handle.database);
              if (outcome.status >= 400) {
                const changed = Object.keys(now).filter((t) => now[t] !== baseline[t]);
                expect(changed, describeRun("refused POST wrote", { url, body }, outcome)).toEqual([]);
              }
              baseline = now;
            }),
            { numRuns: POST_RUNS, seed: SEED, endOnFailure: true },
          );
          // And each intent once with every field a NUL-laden text, once with every field an id past int4.
          for (const intent of route.intents.length ? route.intents : [""]) {
            for (const bad of ["a\u0000b", "2147483648"]) {
              const body: Body = {
                kind: "urlencoded",
                entries: [["intent", intent], ...fields.filter((f) => f !== "intent").map((f): [string, string] => [f, bad])],
              };
              const cookie = await cookieOf(role);
              const url = urlOf(route, real, { action: true });
              const outcome = await outcomeOf(() => action(args(requestOf(url, body, cookie), real)));
              expect(outcome.kind, describeRun("POST", { url, intent, bad }, outcome)).not.toBe("server-error");
              const now = await fingerprint(handle.database);
              if (outcome.status >= 400)
                expect(
                  Object.keys(now).filter((t) => now[t] !== baseline[t]),
                  describeRun("refused POST wrote", { url, intent, bad }, outcome),
                ).toEqual([]);
              baseline = now;
            }
          }
        });
      }
    }
  });
}
