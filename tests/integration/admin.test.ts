import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { auditLog, person, personMembership, personPosition, roleGrant, unit, user } from "#db/schema";
import { authenticate } from "~/auth/login.server";
import { nameSortKey } from "~/org/names";
import * as homeRoute from "~/routes/quan-tri._index";
import * as accountsRoute from "~/routes/quan-tri.tai-khoan";
import * as unitRoute from "~/routes/quan-tri.don-vi.$unitId";
import * as personRoute from "~/routes/quan-tri.nguoi.$personId";
import { dbTargets, useTestDatabase } from "../support/db";
import { args, cookieFor, getRequest, postRequest, settle } from "../support/requests";

/** Every form of the unit page, with input that would pass validation. */
const UNIT_INTENTS: Record<string, string>[] = [
  { intent: "create-unit", name: "Chi bộ Thử nghiệm", kind: "chi_bo" },
  { intent: "rename-unit", name: "Tên mới" },
  { intent: "move-unit", parentId: "2" },
  { intent: "close-unit" },
  { intent: "reopen-unit" },
  { intent: "add-person", memberCode: "QBX0001", familyName: "Lê", givenName: "Hoa" },
];
const PERSON_INTENTS: Record<string, string>[] = [
  { intent: "update-person", memberCode: "QBX0002", familyName: "Lê", givenName: "Hoa" },
  { intent: "move-person", cellId: "3" },
  { intent: "deactivate-person" },
  { intent: "reactivate-person" },
  { intent: "add-position", position: "chi_uy_vien", unitId: "3" },
  { intent: "end-position", positionId: "1" },
  { intent: "create-account", username: "thu.nghiem", password: "MatKhau123" },
  { intent: "reset-password", password: "MatKhau123" },
  { intent: "disable-account" },
  { intent: "enable-account" },
  { intent: "grant-role", role: "learner", unitId: "2" },
  { intent: "revoke-role", grantId: "1" },
];

function text(outcome: { value: unknown }) {
  return JSON.stringify(outcome.value);
}

for (const target of dbTargets()) {
  describe(`admin pages on ${target.name}`, () => {
    const handle = useTestDatabase(target, { seed: true });
    const ids = {} as {
      outsideUnit: number;
      outsideCell: number;
      outsidePerson: number;
      insideCell: number;
      insideCell2: number;
      movableCell: number;
    };
    const cookies = {} as Record<"donvi" | "quantri" | "bantochuc", string>;

    beforeAll(async () => {
      const db = handle.database.db;
      const one = async (query: ReturnType<typeof sql>) => rowsOf(await db.execute(query), z.object({ id: z.number() }))[0]!.id;
      ids.outsideUnit = await one(sql`select id from unit where kind = 'dang_bo_co_so' and id <> 2 order by id limit 1`);
      ids.outsideCell = await one(sql`select id from unit where kind = 'chi_bo' and path not like '/1/2/%' order by id limit 1`);
      ids.outsidePerson = await one(sql`select id from person where unit_id = ${ids.outsideCell} order by id limit 1`);
      ids.insideCell = await one(sql`select id from unit where kind = 'chi_bo' and path like '/1/2/%' order by id limit 1`);
      ids.insideCell2 = await one(sql`select id from unit where kind = 'chi_bo' and path like '/1/2/%' order by id offset 1 limit 1`);
      ids.movableCell = await one(sql`select id from unit where kind = 'chi_bo' and path like '/1/2/%' order by id offset 2 limit 1`);
      cookies.donvi = await cookieFor("u-donvi");
      cookies.quantri = await cookieFor("u-quantri");
      cookies.bantochuc = await cookieFor("u-bantochuc");
    });

    const unitLoader = (unitId: number, cookie: string, query = "") =>
      settle(() => unitRoute.loader(args(getRequest(`/quan-tri/don-vi/${unitId}${query}`, cookie), { unitId: String(unitId) })));
    const unitAction = (unitId: number, form: Record<string, string>, cookie: string) =>
      settle(() => unitRoute.action(args(postRequest(`/quan-tri/don-vi/${unitId}`, form, cookie), { unitId: String(unitId) })));
    const personLoader = (personId: number, cookie: string) =>
      settle(() => personRoute.loader(args(getRequest(`/quan-tri/nguoi/${personId}`, cookie), { personId: String(personId) })));
    const personAction = (personId: number, form: Record<string, string>, cookie: string) =>
      settle(() => personRoute.action(args(postRequest(`/quan-tri/nguoi/${personId}`, form, cookie), { personId: String(personId) })));

    async function countRows() {
      const [row] = rowsOf(
        await handle.database.db.execute(sql`select (select count(*)::int from unit) as units, (select count(*)::int from person) as people,
          (select count(*)::int from audit_log) as audits, (select count(*)::int from role_grant) as grants, (select count(*)::int from "user") as users`),
        z.object({ units: z.number(), people: z.number(), audits: z.number(), grants: z.number(), users: z.number() }),
      );
      return row!;
    }

    it("keeps a unit admin inside their subtree, for loaders and every action", async () => {
      expect((await unitLoader(ids.outsideUnit, cookies.donvi)).status).toBe(403);
      expect((await unitLoader(ids.outsideCell, cookies.donvi)).status).toBe(403);
      expect((await personLoader(ids.outsidePerson, cookies.donvi)).status).toBe(403);
      const before = await countRows();
      for (const form of UNIT_INTENTS) {
        const outcome = await unitAction(ids.outsideCell, form, cookies.donvi);
        expect({ intent: form.intent, status: outcome.status }).toEqual({ intent: form.intent, status: 403 });
      }
      for (const form of PERSON_INTENTS) {
        const outcome = await personAction(ids.outsidePerson, form, cookies.donvi);
        expect({ intent: form.intent, status: outcome.status }).toEqual({ intent: form.intent, status: 403 });
      }
      // Moving a unit or a member of one's own subtree out of it is refused too (destination checked).
      expect((await unitAction(ids.insideCell, { intent: "move-unit", parentId: String(ids.outsideUnit) }, cookies.donvi)).status).toBe(403);
      const [member] = await handle.database.db.select({ id: person.id }).from(person).where(eq(person.unitId, ids.insideCell)).limit(1);
      expect((await personAction(member!.id, { intent: "move-person", cellId: String(ids.outsideCell) }, cookies.donvi)).status).toBe(403);
      expect(await countRows()).toEqual(before);

      // Inside the subtree: allowed, and the breadcrumbs stop at the admin's own unit.
      const inside = await unitLoader(ids.insideCell, cookies.donvi);
      expect(inside.status).toBe(200);
      const data = inside.value as Awaited<ReturnType<typeof unitRoute.loader>>;
      expect(data.breadcrumbs[0]!.id).toBe(2);
      expect(data.breadcrumbs.at(-1)!.id).toBe(ids.insideCell);
      // The sysadmin and the bloc's admin may open anything.
      expect((await unitLoader(ids.outsideUnit, cookies.quantri)).status).toBe(200);
      expect((await personLoader(ids.outsidePerson, cookies.bantochuc)).status).toBe(200);
      // The accounts list is the sysadmin's alone.
      expect((await settle(() => accountsRoute.loader(args(getRequest("/quan-tri/tai-khoan", cookies.donvi))))).status).toBe(403);
      const list = await settle(() => accountsRoute.loader(args(getRequest("/quan-tri/tai-khoan?vai_tro=org_admin", cookies.quantri))));
      expect(list.status).toBe(200);
      const accounts = (list.value as Awaited<ReturnType<typeof accountsRoute.loader>>).accounts.map((a) => a.username).sort();
      expect(accounts).toEqual(["bantochuc", "donvi"]);
    });

    it("answers a missing or unknown intent with 400, not an error", async () => {
      expect((await unitAction(ids.insideCell, { name: "Không có intent" }, cookies.donvi)).status).toBe(400);
      expect((await unitAction(ids.insideCell, { intent: "xoa-het" }, cookies.donvi)).status).toBe(400);
      const [member] = await handle.database.db.select({ id: person.id }).from(person).where(eq(person.unitId, ids.insideCell)).limit(1);
      expect((await personAction(member!.id, { intent: "grant-role", role: "vua", unitId: "abc" }, cookies.donvi)).status).toBe(400);
      expect((await personLoader(999999, cookies.donvi)).status).toBe(404);
      expect((await unitLoader(999999, cookies.quantri)).status).toBe(404);
      const weird = await settle(() => unitRoute.loader(args(getRequest("/quan-tri/don-vi/abc", cookies.quantri), { unitId: "abc" })));
      expect(weird.status).toBe(404);
    });

    it("lists a cell's members in Vietnamese order with positions, and children with counts", async () => {
      const outcome = await unitLoader(ids.insideCell, cookies.donvi);
      const data = outcome.value as Awaited<ReturnType<typeof unitRoute.loader>>;
      const keys = data.members!.members.map((m) => nameSortKey(m));
      expect(keys).toEqual([...keys].sort());
      expect(data.members!.total).toBeGreaterThan(2);
      expect(data.members!.members.some((m) => m.positions.includes("bi_thu_chi_bo"))).toBe(true);
      const parent = (await unitLoader(2, cookies.donvi)).value as Awaited<ReturnType<typeof unitRoute.loader>>;
      const [expected] = rowsOf(
        await handle.database.db.execute(sql`select count(*)::int as n from person p join unit u on u.id = p.unit_id where u.path like '/1/2/%' and p.active`),
        z.object({ n: z.number() }),
      );
      expect(parent.children.reduce((sum, c) => sum + c.memberCount, 0)).toBe(expected!.n);
      expect(parent.memberCount).toBe(expected!.n);
    });

    it("finds people in scope by name without diacritics or by member code", async () => {
      const [someone] = await handle.database.db
        .select({ id: person.id, familyName: person.familyName, givenName: person.givenName, memberCode: person.memberCode, unitId: person.unitId })
        .from(person)
        .innerJoin(unit, eq(unit.id, person.unitId))
        .where(sql`${unit.path} like '/1/2/%' and ${person.familyName} = 'Nguyễn'`)
        .limit(1);
      const query = `nguyen ${someone!.givenName.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase()}`;
      const search = async (q: string, cookie: string) =>
        (await homeRoute.loader(args(getRequest(`/quan-tri?q=${encodeURIComponent(q)}`, cookie)))).results ?? [];
      const found = await search(query, cookies.donvi);
      const nguyenVan = await search("nguyen van", cookies.donvi);
      expect(nguyenVan.length).toBeGreaterThan(0);
      expect(nguyenVan.some((p) => p.familyName === "Nguyễn" && p.middleName === "Văn")).toBe(true);
      expect(found.map((p) => p.id)).toContain(someone!.id);
      expect(found.every((p) => p.familyName === "Nguyễn")).toBe(true);
      expect((await search(someone!.memberCode.toLowerCase(), cookies.donvi)).map((p) => p.id)).toEqual([someone!.id]);
      // Outside the admin's subtree: not found.
      const [outsider] = await handle.database.db.select({ memberCode: person.memberCode }).from(person).where(eq(person.id, ids.outsidePerson));
      expect(await search(outsider!.memberCode, cookies.donvi)).toEqual([]);
      expect(await search(outsider!.memberCode, cookies.bantochuc)).toHaveLength(1);
    });

    it("creates, renames, moves, closes and reopens units by the rules", async () => {
      const db = handle.database.db;
      // A kind not allowed under the parent: a field error, nothing written.
      const wrongKind = await unitAction(2, { intent: "create-unit", name: "Chi bộ cơ sở sai chỗ", kind: "chi_bo_co_so" }, cookies.donvi);
      expect(wrongKind.status).toBe(400);
      expect(text(wrongKind)).toContain("không thể trực thuộc");
      const tooShort = await unitAction(2, { intent: "create-unit", name: "A", kind: "chi_bo" }, cookies.donvi);
      expect(tooShort.status).toBe(400);
      expect(text(tooShort)).toContain("Tên đơn vị phải có ít nhất 3 ký tự.");

      const created = await unitAction(2, { intent: "create-unit", name: "Đảng bộ bộ phận Thử nghiệm", kind: "dang_bo_bo_phan" }, cookies.donvi);
      expect(created.status).toBe(302);
      const [part] = await db.select().from(unit).where(eq(unit.name, "Đảng bộ bộ phận Thử nghiệm"));
      expect(created.location).toBe(`/quan-tri/don-vi/${part!.id}`);
      expect(part).toMatchObject({ parentId: 2, path: `/1/2/${part!.id}/`, depth: 2, kind: "dang_bo_bo_phan" });

      expect((await unitAction(part!.id, { intent: "rename-unit", name: "Đảng bộ bộ phận Khối A" }, cookies.donvi)).status).toBe(302);

      // Move a cell with its members under the new đảng bộ bộ phận.
      const [cell] = await db.select().from(unit).where(eq(unit.id, ids.movableCell));
      const [members] = rowsOf(
        await db.execute(sql`select count(*)::int as n from person where unit_id = ${cell!.id} and active`),
        z.object({ n: z.number() }),
      );
      const moved = await unitAction(cell!.id, { intent: "move-unit", parentId: String(part!.id) }, cookies.donvi);
      expect(moved.status).toBe(302);
      const [after] = await db.select().from(unit).where(eq(unit.id, cell!.id));
      expect(after).toMatchObject({ parentId: part!.id, path: `/1/2/${part!.id}/${cell!.id}/`, depth: 3 });
      const partView = (await unitLoader(part!.id, cookies.donvi)).value as Awaited<ReturnType<typeof unitRoute.loader>>;
      expect(partView.children).toEqual([expect.objectContaining({ id: cell!.id, memberCount: members!.n, unitCount: 0 })]);

      // Refusals: into its own subtree, under a parent whose kind does not allow it.
      const intoOwn = await unitAction(part!.id, { intent: "move-unit", parentId: String(cell!.id) }, cookies.donvi);
      expect(intoOwn.status).toBe(400);
      expect(text(intoOwn)).toMatch(/không thể trực thuộc|chính nó/i);
      const selfMove = await unitAction(part!.id, { intent: "move-unit", parentId: String(part!.id) }, cookies.donvi);
      expect(text(selfMove)).toContain("Không thể chuyển một đơn vị vào chính nó");
      const underCell = await unitAction(ids.insideCell, { intent: "move-unit", parentId: String(cell!.id) }, cookies.donvi);
      expect(underCell.status).toBe(400);
      expect(text(underCell)).toContain("Chi bộ không thể trực thuộc Chi bộ");

      // The sysadmin moves the whole đảng bộ bộ phận to another đảng bộ: the subtree's paths follow in one update.
      const movedPart = await unitAction(part!.id, { intent: "move-unit", parentId: String(ids.outsideUnit) }, cookies.quantri);
      expect(movedPart.status).toBe(302);
      const subtree = await db
        .select({ id: unit.id, path: unit.path, depth: unit.depth })
        .from(unit)
        .where(sql`${unit.path} like ${`/1/${ids.outsideUnit}/${part!.id}/%`}`);
      expect(subtree.map((u) => u.id).sort((a, b) => a - b)).toEqual([part!.id, cell!.id].sort((a, b) => a - b));
      expect(subtree.find((u) => u.id === cell!.id)).toMatchObject({ path: `/1/${ids.outsideUnit}/${part!.id}/${cell!.id}/`, depth: 3 });
      // …and now lies outside donvi's subtree.
      expect((await unitLoader(cell!.id, cookies.donvi)).status).toBe(403);

      // Closing: refused while members or open children remain, with the reason.
      const closeCell = await unitAction(cell!.id, { intent: "close-unit" }, cookies.quantri);
      expect(closeCell.status).toBe(400);
      expect(text(closeCell)).toContain(`còn ${members!.n} đảng viên đang sinh hoạt`);
      const closeParent = await unitAction(part!.id, { intent: "close-unit" }, cookies.quantri);
      expect(text(closeParent)).toContain("còn 1 đơn vị trực thuộc chưa giải thể");
      // An empty unit closes, reopens.
      await unitAction(2, { intent: "create-unit", name: "Chi bộ Tạm thời", kind: "chi_bo" }, cookies.donvi);
      const [empty] = await db.select().from(unit).where(eq(unit.name, "Chi bộ Tạm thời"));
      expect((await unitAction(empty!.id, { intent: "close-unit" }, cookies.donvi)).status).toBe(302);
      const [closed] = await db.select({ closedAt: unit.closedAt }).from(unit).where(eq(unit.id, empty!.id));
      expect(closed!.closedAt).not.toBeNull();
      const addToClosed = await unitAction(empty!.id, { intent: "add-person", memberCode: "QBX9", familyName: "Lê", givenName: "An" }, cookies.donvi);
      expect(text(addToClosed)).toContain("đã giải thể");
      expect((await unitAction(empty!.id, { intent: "reopen-unit" }, cookies.donvi)).status).toBe(302);

      const partAudit = ((await unitLoader(part!.id, cookies.quantri)).value as Awaited<ReturnType<typeof unitRoute.loader>>).audit;
      expect(partAudit.map((a) => a.detail)).toContain("“Đảng bộ bộ phận Thử nghiệm” → “Đảng bộ bộ phận Khối A”");
      expect(JSON.stringify(partAudit)).not.toContain('"before"');
      const actions = await db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "unit"), eq(auditLog.entityId, String(part!.id))));
      expect(actions.map((a) => a.action)).toEqual(["unit.create", "unit.rename", "unit.move"]);
      const [moveRow] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "unit.move"), eq(auditLog.entityId, String(cell!.id))));
      expect(moveRow).toMatchObject({
        actorId: "u-donvi",
        before: expect.objectContaining({ parentId: cell!.parentId }),
        after: expect.objectContaining({ parentId: part!.id }),
      });
    });

    it("adds a person with field-level messages, writing nothing on a duplicate", async () => {
      const db = handle.database.db;
      const [existing] = await db.select({ memberCode: person.memberCode, phone: person.phone }).from(person).where(eq(person.unitId, ids.insideCell)).limit(1);
      const before = await countRows();
      const duplicate = await unitAction(
        ids.insideCell,
        { intent: "add-person", memberCode: existing!.memberCode, familyName: "Trần", givenName: "Bình" },
        cookies.donvi,
      );
      expect(duplicate.status).toBe(400);
      const reply = (duplicate.value as { data: { result: { error: Record<string, string[]> } } }).data.result;
      expect(reply.error.memberCode).toEqual(["Mã đảng viên này đã có trong hệ thống."]);
      const samePhone = await unitAction(
        ids.insideCell,
        { intent: "add-person", memberCode: "QBNEW01", familyName: "Trần", givenName: "Bình", phone: `+84 ${existing!.phone!.slice(1)}` },
        cookies.donvi,
      );
      expect(text(samePhone)).toContain("Số điện thoại này đã được dùng");
      const bad = await unitAction(
        ids.insideCell,
        { intent: "add-person", memberCode: "x", familyName: "", givenName: "B1", birthYear: "2020", phone: "123", email: "khong-phai-email" },
        cookies.donvi,
      );
      expect(bad.status).toBe(400);
      const errors = (bad.value as { data: { result: { error: Record<string, string[]> } } }).data.result.error;
      expect(Object.keys(errors).sort()).toEqual(["birthYear", "email", "familyName", "givenName", "memberCode", "phone"]);
      expect(errors.familyName).toEqual(["Vui lòng nhập họ."]);
      expect(await countRows()).toEqual(before);

      const created = await unitAction(
        ids.insideCell,
        {
          intent: "add-person",
          memberCode: "qbnew02",
          familyName: "Đặng",
          middleName: "Thị",
          givenName: "Ánh",
          gender: "nu",
          birthYear: "1990",
          phone: "0988 111 222",
          position: "chi_uy_vien",
        },
        cookies.donvi,
      );
      expect(created.status).toBe(302);
      const [row] = await db.select().from(person).where(eq(person.memberCode, "QBNEW02"));
      expect(row).toMatchObject({
        phone: "0988111222",
        unitId: ids.insideCell,
        sortKey: nameSortKey({ familyName: "Đặng", middleName: "Thị", givenName: "Ánh" }),
      });
      expect(created.location).toBe(`/quan-tri/nguoi/${row!.id}`);
      const positions = await db.select().from(personPosition).where(eq(personPosition.personId, row!.id));
      expect(positions).toEqual([expect.objectContaining({ position: "chi_uy_vien", unitId: ids.insideCell, endedOn: null })]);
      // A cấp ủy cơ sở position is refused at a cell, accepted at the TCCS.
      const atCell = await personAction(row!.id, { intent: "add-position", position: "cap_uy_vien_co_so", unitId: String(ids.insideCell) }, cookies.donvi);
      expect(text(atCell)).toContain("phải giữ tại đảng bộ cơ sở hoặc chi bộ cơ sở");
      expect((await personAction(row!.id, { intent: "add-position", position: "cap_uy_vien_co_so", unitId: "2" }, cookies.donvi)).status).toBe(302);
      const cellPositionAtTccs = await personAction(row!.id, { intent: "add-position", position: "bi_thu_chi_bo", unitId: "2" }, cookies.donvi);
      expect(text(cellPositionAtTccs)).toContain("phải giữ tại một chi bộ");
    });

    it("moves a person between cells and keeps the history", async () => {
      const db = handle.database.db;
      const [row] = await db.select({ id: person.id }).from(person).where(eq(person.memberCode, "QBNEW02"));
      const moved = await personAction(row!.id, { intent: "move-person", cellId: String(ids.insideCell2) }, cookies.quantri);
      expect(moved.status).toBe(302);
      const history = await db.select().from(personMembership).where(eq(personMembership.personId, row!.id)).orderBy(personMembership.id);
      expect(history.map((h) => [h.unitId, h.endedAt === null])).toEqual([
        [ids.insideCell, false],
        [ids.insideCell2, true],
      ]);
      const [now] = await db.select({ unitId: person.unitId }).from(person).where(eq(person.id, row!.id));
      expect(now!.unitId).toBe(ids.insideCell2);
      // The cell position ended; the TCCS one stays only if the new cell is under the same TCCS.
      const open = await db
        .select({ position: personPosition.position })
        .from(personPosition)
        .where(and(eq(personPosition.personId, row!.id), sql`${personPosition.endedOn} is null`));
      expect(open.map((p) => p.position)).not.toContain("chi_uy_vien");
      const page = (await personLoader(row!.id, cookies.quantri)).value as Awaited<ReturnType<typeof personRoute.loader>>;
      expect(page.history).toHaveLength(2);
      expect(page.audit.map((a) => a.action)).toContain("person.move");
      // "Move to another cell" names each cell's parent (its TCCS), read from the cell's own parent_id.
      const parents = await db
        .select({ id: unit.id, parentName: sql<string>`(select p.name from unit p where p.id = ${unit}.parent_id)` })
        .from(unit)
        .where(sql`${unit.id} in ${page.cells.map((c) => c.id)}`);
      expect(page.cells.length).toBeGreaterThan(0);
      for (const cell of page.cells) expect(cell.parentName).toBe(parents.find((p) => p.id === cell.id)!.parentName);
      expect(page.cells.every((c) => c.parentName)).toBe(true);
    });

    it("creates an account that can log in, and applies the grant rules", async () => {
      const db = handle.database.db;
      const [row] = await db.select({ id: person.id }).from(person).where(eq(person.memberCode, "QBNEW02"));
      const weak = await personAction(row!.id, { intent: "create-account", username: "dang.anh", password: "ngan" }, cookies.donvi);
      expect(weak.status).toBe(400);
      expect(text(weak)).toContain("Mật khẩu phải có ít nhất 8 ký tự.");
      expect(text(weak)).not.toContain('ngan"');
      const taken = await personAction(row!.id, { intent: "create-account", username: "DonVi", password: "MatKhau123" }, cookies.donvi);
      expect(text(taken)).toContain("Tên đăng nhập này đã được dùng.");
      const accented = await personAction(row!.id, { intent: "create-account", username: "đặng.ánh", password: "MatKhau123" }, cookies.donvi);
      expect(text(accented)).toContain("chữ thường không dấu");
      const created = await personAction(row!.id, { intent: "create-account", username: "Dang.Anh", password: "MatKhau123" }, cookies.donvi);
      expect(created.status).toBe(302);
      const login = await authenticate({ login: "dang.anh", password: "MatKhau123", ip: null });
      expect(login.ok).toBe(true);
      const userId = login.ok ? login.userId : "";
      const byPhone = await authenticate({ login: "0988111222", password: "MatKhau123", ip: null });
      expect(byPhone).toEqual({ ok: true, userId });
      const grants = await db.select({ role: roleGrant.role }).from(roleGrant).where(eq(roleGrant.userId, userId));
      expect(grants.map((g) => g.role)).toEqual(["learner"]);

      // org_admin: no sysadmin grant, nothing outside the subtree.
      const sysadminGrant = await personAction(row!.id, { intent: "grant-role", role: "sysadmin", unitId: "2" }, cookies.donvi);
      expect(sysadminGrant.status).toBe(400);
      expect(text(sysadminGrant)).toContain("Chỉ quản trị hệ thống mới được cấp quyền quản trị hệ thống.");
      expect((await personAction(row!.id, { intent: "grant-role", role: "sysadmin", unitId: "1" }, cookies.donvi)).status).toBe(403);
      expect((await personAction(row!.id, { intent: "grant-role", role: "org_admin", unitId: String(ids.outsideUnit) }, cookies.donvi)).status).toBe(403);
      expect((await personAction(row!.id, { intent: "grant-role", role: "org_admin", unitId: "2" }, cookies.donvi)).status).toBe(302);
      const again = await personAction(row!.id, { intent: "grant-role", role: "org_admin", unitId: "2" }, cookies.donvi);
      expect(text(again)).toContain("đã có vai trò");
      // The sysadmin grants sysadmin, only on the root.
      expect(text(await personAction(row!.id, { intent: "grant-role", role: "sysadmin", unitId: "2" }, cookies.quantri))).toContain("chỉ cấp tại đơn vị gốc");
      expect((await personAction(row!.id, { intent: "grant-role", role: "sysadmin", unitId: "1" }, cookies.quantri)).status).toBe(302);
      // A unit admin can neither revoke that sysadmin grant nor lock or reset the account now.
      const [sysGrant] = await db
        .select({ id: roleGrant.id })
        .from(roleGrant)
        .where(and(eq(roleGrant.userId, userId), eq(roleGrant.role, "sysadmin")));
      expect((await personAction(row!.id, { intent: "revoke-role", grantId: String(sysGrant!.id) }, cookies.donvi)).status).toBe(403);
      expect((await personAction(row!.id, { intent: "disable-account" }, cookies.donvi)).status).toBe(403);
      expect((await personAction(row!.id, { intent: "revoke-role", grantId: String(sysGrant!.id) }, cookies.quantri)).status).toBe(302);

      // Reset password and lock/unlock.
      expect((await personAction(row!.id, { intent: "reset-password", password: "MoiHon456" }, cookies.donvi)).status).toBe(302);
      expect((await authenticate({ login: "dang.anh", password: "MoiHon456", ip: null })).ok).toBe(true);
      expect((await personAction(row!.id, { intent: "disable-account" }, cookies.donvi)).status).toBe(302);
      expect((await authenticate({ login: "dang.anh", password: "MoiHon456", ip: null })).ok).toBe(false);
      expect((await personAction(row!.id, { intent: "enable-account" }, cookies.donvi)).status).toBe(302);
      expect((await authenticate({ login: "dang.anh", password: "MoiHon456", ip: null })).ok).toBe(true);

      const audit = await db
        .select({ action: auditLog.action, actorId: auditLog.actorId })
        .from(auditLog)
        .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, userId)))
        .orderBy(auditLog.id);
      expect(audit.map((a) => a.action)).toEqual([
        "account.create",
        "role.grant",
        "role.grant",
        "role.revoke",
        "account.reset_password",
        "account.disable",
        "account.enable",
      ]);
      expect(
        JSON.stringify(await db.select({ before: auditLog.before, after: auditLog.after }).from(auditLog).where(eq(auditLog.entityId, userId))),
      ).not.toMatch(/argon2|MoiHon456|MatKhau123/);
    });

    it("deactivates a member: positions end, membership closes, and the cell can then close", async () => {
      const db = handle.database.db;
      await unitAction(2, { intent: "create-unit", name: "Chi bộ Một người", kind: "chi_bo" }, cookies.donvi);
      const [cell] = await db.select().from(unit).where(eq(unit.name, "Chi bộ Một người"));
      await unitAction(cell!.id, { intent: "add-person", memberCode: "QBSOLO1", familyName: "Phan", givenName: "Long" }, cookies.donvi);
      const [solo] = await db.select({ id: person.id }).from(person).where(eq(person.memberCode, "QBSOLO1"));
      expect(text(await unitAction(cell!.id, { intent: "close-unit" }, cookies.donvi))).toContain("còn 1 đảng viên");
      expect((await personAction(solo!.id, { intent: "deactivate-person" }, cookies.donvi)).status).toBe(302);
      const open = await db
        .select()
        .from(personPosition)
        .where(and(eq(personPosition.personId, solo!.id), sql`${personPosition.endedOn} is null`));
      expect(open).toEqual([]);
      expect((await unitAction(cell!.id, { intent: "close-unit" }, cookies.donvi)).status).toBe(302);
      expect(text(await personAction(solo!.id, { intent: "reactivate-person" }, cookies.donvi))).toContain("đã giải thể");
    });

    it("never lets an admin revoke their own last administrative grant", async () => {
      const db = handle.database.db;
      const [donvi] = await db.select({ personId: user.personId }).from(user).where(eq(user.id, "u-donvi"));
      const [own] = await db
        .select({ id: roleGrant.id })
        .from(roleGrant)
        .where(and(eq(roleGrant.userId, "u-donvi"), eq(roleGrant.role, "org_admin")));
      const outcome = await personAction(donvi!.personId!, { intent: "revoke-role", grantId: String(own!.id) }, cookies.donvi);
      expect(outcome.status).toBe(400);
      expect(text(outcome)).toContain("Đồng chí không thể thu hồi quyền quản trị cuối cùng của chính mình.");
      const [still] = await db.select({ id: roleGrant.id }).from(roleGrant).where(eq(roleGrant.id, own!.id));
      expect(still).toBeDefined();
      // With a second org_admin grant the first one may go.
      const [cell] = await db.select({ unitId: person.unitId }).from(person).where(eq(person.id, donvi!.personId!));
      expect((await personAction(donvi!.personId!, { intent: "grant-role", role: "org_admin", unitId: String(cell!.unitId) }, cookies.donvi)).status).toBe(302);
      expect((await personAction(donvi!.personId!, { intent: "revoke-role", grantId: String(own!.id) }, cookies.bantochuc)).status).toBe(302);

      // Now an admin of their cell only: a position held at the đảng bộ above is out of their reach.
      expect((await personAction(donvi!.personId!, { intent: "add-position", position: "cap_uy_vien_co_so", unitId: "2" }, cookies.donvi)).status).toBe(403);
      expect((await personAction(donvi!.personId!, { intent: "add-position", position: "cap_uy_vien_co_so", unitId: "2" }, cookies.bantochuc)).status).toBe(
        302,
      );
      const [held] = await db
        .select({ id: personPosition.id })
        .from(personPosition)
        .where(and(eq(personPosition.personId, donvi!.personId!), eq(personPosition.position, "cap_uy_vien_co_so"), eq(personPosition.unitId, 2)));
      const view = (await personLoader(donvi!.personId!, await cookieFor("u-donvi"))).value as Awaited<ReturnType<typeof personRoute.loader>>;
      expect(view.positions.find((p) => p.id === held!.id)?.endable).toBe(false);
      expect((await personAction(donvi!.personId!, { intent: "end-position", positionId: String(held!.id) }, cookies.donvi)).status).toBe(403);
      expect((await unitLoader(2, cookies.donvi)).status).toBe(403);
    });
  });
}
