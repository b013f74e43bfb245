import { z } from "zod";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { getCampaign, listCampaigns } from "~/completion/campaigns.server";
import { getUnitFigures } from "~/completion/figures.server";
import { refreshCellFigures } from "~/completion/rollup.server";
import { localDate } from "~/utils/dates";
import { getUnit } from "~/org/units.server";
import * as reportRoute from "~/routes/bao-cao._index";
import * as exportRoute from "~/routes/bao-cao.xuat";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, settle } from "../support/requests";

const CHILDREN = 57;

type ReportData = Awaited<ReturnType<typeof reportRoute.loader>>;

/** The children table of /bao-cao pages in SQL (50 a page), sorted over all children before paging. */
for (const target of dbTargets()) {
  describe(`dashboard children table on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const db = () => handle.database.db;
    let unitId = 0;
    let campaignId = 0;
    let cookie = "";
    let ready: Promise<void> | undefined;
    const setup = () => (ready ??= bigUnit());

    /** A đảng bộ under the root with 57 cells of varied audience and training (some empty). */
    async function bigUnit() {
      const today = localDate(new Date());
      const current = (await listCampaigns({ scopes: ["/1/"] })).find((c) => c.deadlineOn >= today)!;
      campaignId = current.id;
      const [parent] = rowsOf(
        await db().execute(
          sql`insert into unit (parent_id, kind, name, path, depth) values (1, 'dang_bo_co_so', 'Đảng bộ Thử phân trang', '', 1) returning id`,
        ),
        z.object({ id: z.number() }),
      );
      unitId = parent!.id;
      await db().execute(sql`update unit set path = '/1/' || id || '/' where id = ${unitId}`);
      // Names in a mixed Vietnamese order; cell i holds i % 6 secretaries/deputies, (i * 5) % 7 of them trained online.
      const names = ["Ánh Dương", "Âu Cơ", "Anh Đào", "Đông Hà", "Dương Kinh", "Ôn Như", "Ơn Sâu", "Ong Vàng", "Bến Thủy", "Ưu Tú"];
      await db().execute(sql`
        insert into unit (parent_id, kind, name, path, depth)
        select ${unitId}, 'chi_bo', 'Chi bộ ' || (string_to_array(${names.join("|")}, '|'))[1 + i % ${names.length}] || ' ' || i, 'tmp-' || i, 2 from generate_series(1, ${CHILDREN}) i`);
      await db().execute(sql`update unit set path = '/1/' || ${unitId} || '/' || id || '/' where parent_id = ${unitId}`);
      await db().execute(sql`
        with cells as (select id, row_number() over (order by id)::int as i from unit where parent_id = ${unitId}),
        people as (
          insert into person (member_code, family_name, middle_name, given_name, sort_key, unit_id)
          select 'PG' || c.i || '-' || k, 'Trần', 'Văn', 'Phân ' || k, 'phan ' || k, c.id
          from cells c cross join generate_series(1, 6) k where k <= c.i % 6
          returning id, unit_id, member_code
        ),
        held as (
          insert into person_position (person_id, position, unit_id, started_on)
          select id, case when member_code like '%-1' then 'bi_thu_chi_bo' else 'pho_bi_thu_chi_bo' end, unit_id, '2020-01-01' from people
          returning person_id
        )
        insert into training_completion (person_id, track, method, completed_at, evidence)
        select p.id, 'B', 'online', now() - interval '2 days', 'test'
        from people p join cells c on c.id = p.unit_id
        where split_part(p.member_code, '-', 2)::int <= (c.i * 5) % 7`);
      await db().transaction((tx) => refreshCellFigures(tx, {}));
      cookie = await cookieFor("u-bantochuc");
    }

    async function dashboard(query: string) {
      const result = await settle(() => reportRoute.loader(args(getRequest(`/bao-cao?chien-dich=${campaignId}&don-vi=${unitId}${query}`, cookie))));
      expect({ query, status: result.status }).toEqual({ query, status: 200 });
      return (result.value as ReportData).report!;
    }

    async function exportedNames(query: string) {
      const csv = await (
        (await exportRoute.loader(
          args(getRequest(`/bao-cao/xuat?chien-dich=${campaignId}&don-vi=${unitId}&bang=don-vi&dinh-dang=csv${query}`, cookie)),
        )) as Response
      ).text();
      return csv
        .trim()
        .split("\r\n")
        .slice(1, -1)
        .map((line) => line.split(",")[0]);
    }

    it("shows 50 children a page, sorted across pages as the export, with the total of all", async () => {
      await setup();
      const live = await getUnitFigures({ campaign: (await getCampaign(campaignId))!, unit: (await getUnit(unitId))! });
      expect(live.children).toHaveLength(CHILDREN);
      for (const sort of [
        "",
        "&sap-xep=ten&chieu=giam",
        "&sap-xep=doi-tuong&chieu=giam",
        "&sap-xep=ty-le",
        "&sap-xep=muon&chieu=giam",
        "&sap-xep=trang-thai",
        "&sap-xep=da-tap-huan",
      ]) {
        const first = await dashboard(sort);
        const second = await dashboard(`${sort}&trang-don-vi=2`);
        expect(first.children).toMatchObject({ page: 1, offset: 0, total: CHILDREN });
        expect(first.children.rows).toHaveLength(50);
        expect(second.children).toMatchObject({ page: 2, offset: 50, total: CHILDREN });
        expect(second.children.rows).toHaveLength(CHILDREN - 50);
        // The SQL order over both pages is the export's order (sorted in memory over all children).
        expect({ sort, names: [...first.children.rows, ...second.children.rows].map((c) => c.name) }).toEqual({ sort, names: await exportedNames(sort) });
        expect(first.total).toEqual(live.total);
        expect(second.total).toEqual(live.total);
      }
      const byAudience = await dashboard("&sap-xep=doi-tuong&chieu=giam");
      const audiences = byAudience.children.rows.map((c) => c.audience);
      expect(audiences).toEqual([...audiences].sort((a, b) => b - a));
      expect(audiences[0]).toBe(5);
      // Every child's figures on the pages are the live ones (the page carries only what its table shows).
      const paged = [...(await dashboard("")).children.rows, ...(await dashboard("&trang-don-vi=2")).children.rows];
      const shown = (c: (typeof live.children)[number]) => Object.fromEntries(Object.keys(paged[0]!).map((key) => [key, c[key as keyof typeof c]]));
      expect(new Map(paged.map((c) => [c.id, c]))).toEqual(new Map(live.children.map((c) => [c.id, shown(c)])));
    });

    it("reads a bad or missing children page as page 1, and a page past the end as the last", async () => {
      await setup();
      for (const bad of ["abc", "0", "-3", "1.5", "", "1e9", "99999999999", "%00"]) {
        const report = await dashboard(`&trang-don-vi=${bad}`);
        expect({ bad, page: report.children.page, offset: report.children.offset }).toEqual({ bad, page: 1, offset: 0 });
      }
      const last = await dashboard("&trang-don-vi=40");
      expect(last.children).toMatchObject({ page: 2, offset: 50 });
      expect(last.children.rows).toHaveLength(CHILDREN - 50);
    });

    it("orders unit names the Vietnamese way in SQL (unit.sort_key), as localeCompare('vi') does", async () => {
      const rows = rowsOf(await db().execute(sql`select name from unit order by sort_key collate "C", id`), z.object({ name: z.string() }));
      const names = rows.map((r) => r.name);
      expect(names.length).toBeGreaterThan(100);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "vi")));
    });
  });
}
