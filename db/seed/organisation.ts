import { sql } from "drizzle-orm";
import type { Executor } from "../client.server";
import { person, personMembership, personPosition, unit } from "../schema";
import { nameSortKey } from "../../app/org/names";
import { CELL_NAMES, CHI_BO_CO_SO, DANG_BO_CO_SO, randomName } from "./names";
import type { Random } from "./random";

/** Figures of the bloc at 12/2020 (001_0af4f9b4e6b8a21f.txt §I.1.1–§I.1.2). */
export const BLOC = {
  dangBoCoSo: 40,
  chiBoCoSo: 30,
  chiBoTrucThuoc: 409,
  members: 4921,
  capUyVienCoSo: 577,
};
const ROOT_UNIT_NAME = "Đảng bộ Khối các cơ quan tỉnh Quảng Bình";

type UnitRow = typeof unit.$inferInsert;
type PersonRow = typeof person.$inferInsert;
type PositionRow = typeof personPosition.$inferInsert;

export async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Splits `total` into `parts` integers within [min, max], at random but exactly. */
export function spread(random: Random, total: number, parts: number, min: number, max: number) {
  const sizes = Array.from({ length: parts }, () => random.int(min, max));
  let sum = sizes.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = random.int(0, parts - 1);
    const size = sizes[i]!;
    if (sum < total && size < max * 2) {
      sizes[i] = size + 1;
      sum++;
    } else if (sum > total && size > min) {
      sizes[i] = size - 1;
      sum--;
    }
  }
  return sizes;
}

export interface SeededOrganisation {
  rootId: number;
  dangBoIds: number[];
  chiBoCoSoIds: number[];
  cellIds: number[];
  /** people per cell, in insertion order */
  membersByCell: Map<number, number[]>;
  officeCellId: number;
}

/** The demo bloc: 70 TCCS, 409 chi bộ trực thuộc, 4,921 members, 577 cấp ủy viên cơ sở. */
export async function seedOrganisation(db: Executor, random: Random): Promise<SeededOrganisation> {
  const units: UnitRow[] = [];
  let nextUnitId = 1;
  function addUnit(kind: string, name: string, parent: UnitRow | null): UnitRow {
    const id = nextUnitId++;
    const row: UnitRow = {
      id,
      kind,
      name,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? "/"}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    };
    units.push(row);
    return row;
  }

  const root = addUnit("dang_bo_khoi", ROOT_UNIT_NAME, null);
  const cells: UnitRow[] = [];
  const dangBo: UnitRow[] = [];
  const chiBoCoSo: UnitRow[] = [];
  const cellsPerDangBo = spread(random, BLOC.chiBoTrucThuoc, BLOC.dangBoCoSo, 5, 16);
  DANG_BO_CO_SO.forEach((agency, index) => {
    const tccs = addUnit("dang_bo_co_so", `Đảng bộ ${agency}`, root);
    dangBo.push(tccs);
    const count = cellsPerDangBo[index]!;
    // Some large đảng bộ group their cells under đảng bộ bộ phận.
    const parts = count >= 12 && index % 3 === 0 ? 2 : 0;
    const parents: UnitRow[] = parts
      ? Array.from({ length: parts }, (_, p) => addUnit("dang_bo_bo_phan", `Đảng bộ bộ phận ${p === 0 ? "Khối văn phòng" : "Khối đơn vị trực thuộc"}`, tccs))
      : [tccs];
    for (let c = 0; c < count; c++) {
      const parent = parents[c % parents.length]!;
      const base = CELL_NAMES[c % CELL_NAMES.length]!;
      const suffix = c >= CELL_NAMES.length ? ` ${Math.floor(c / CELL_NAMES.length) + 1}` : "";
      cells.push(addUnit("chi_bo", `Chi bộ ${base}${suffix}`, parent));
    }
  });
  for (const agency of CHI_BO_CO_SO) {
    const cell = addUnit("chi_bo_co_so", `Chi bộ ${agency}`, root);
    chiBoCoSo.push(cell);
    cells.push(cell);
  }
  await insertChunked(units, 500, (chunk) => db.insert(unit).values(chunk));

  // Members: every cell has at least 3 full members (Điều lệ Đ.24, domain.md §3).
  const officeCell = chiBoCoSo[0]!;
  // The bloc committee's advisory offices form one larger cell.
  const sizes = [...spread(random, BLOC.members - 24, cells.length - 1, 4, 19)];
  sizes.splice(cells.indexOf(officeCell), 0, 24);
  const people: PersonRow[] = [];
  const positions: PositionRow[] = [];
  const membersByCell = new Map<number, number[]>();
  let nextPersonId = 1;
  cells.forEach((cell, index) => {
    const ids: number[] = [];
    for (let i = 0; i < sizes[index]!; i++) {
      const id = nextPersonId++;
      const name = randomName(random);
      people.push({
        id,
        memberCode: `QB${String(id).padStart(6, "0")}`,
        ...name,
        sortKey: nameSortKey(name),
        birthYear: random.int(1964, 1998),
        phone: `09${String(12000000 + id * 37).padStart(8, "0")}`,
        unitId: cell.id!,
      });
      ids.push(id);
    }
    membersByCell.set(cell.id!, ids);
  });

  const held = new Map<number, Set<string>>();
  function give(personId: number, position: string, unitId: number) {
    let set = held.get(personId);
    if (!set) held.set(personId, (set = new Set()));
    if (set.has(`${position}@${unitId}`)) return;
    set.add(`${position}@${unitId}`);
    positions.push({ personId, position, unitId, startedOn: "2020-07-01" });
  }

  // Cell leadership: a bí thư everywhere; a chi ủy where there are 9 or more members.
  for (const cell of cells) {
    const members = membersByCell.get(cell.id!)!;
    const isTccs = cell.kind === "chi_bo_co_so";
    const [secretary, deputy, ...rest] = members;
    if (isTccs) continue; // chi bộ cơ sở leadership is its cấp ủy, below
    give(secretary!, "bi_thu_chi_bo", cell.id!);
    if (members.length >= 9) {
      give(deputy!, "pho_bi_thu_chi_bo", cell.id!);
      for (const m of rest.slice(0, random.int(1, 3))) give(m, "chi_uy_vien", cell.id!);
    } else if (random.chance(0.6)) {
      give(deputy!, "pho_bi_thu_chi_bo", cell.id!);
    }
  }

  // Cấp ủy cơ sở: chi bộ cơ sở first, then đảng ủy cơ sở share the rest of the 577.
  let committeeTotal = 0;
  for (const cell of chiBoCoSo) {
    const members = membersByCell.get(cell.id!)!;
    const size = members.length >= 9 ? random.int(3, 5) : random.int(1, 2);
    members.slice(0, size).forEach((m, i) => {
      give(m, "cap_uy_vien_co_so", cell.id!);
      if (i === 0) give(m, "bi_thu_cap_uy_co_so", cell.id!);
      if (i === 1) give(m, "pho_bi_thu_cap_uy_co_so", cell.id!);
    });
    committeeTotal += size;
  }
  const committeeSizes = spread(random, BLOC.capUyVienCoSo - committeeTotal, dangBo.length, 7, 15);
  dangBo.forEach((tccs, index) => {
    const tccsCells = cells.filter((c) => c.path!.startsWith(tccs.path!));
    // Cell secretaries first, then their deputies: the usual make-up of a đảng ủy.
    const pool = Array.from({ length: 20 }, (_, rank) => tccsCells.map((c) => membersByCell.get(c.id!)![rank]))
      .flat()
      .filter((m): m is number => m !== undefined);
    const committee = pool.slice(0, committeeSizes[index]!);
    committee.forEach((m, i) => {
      give(m, "cap_uy_vien_co_so", tccs.id!);
      if (i === 0) give(m, "bi_thu_cap_uy_co_so", tccs.id!);
      if (i === 1 || (i === 2 && committee.length >= 11)) give(m, "pho_bi_thu_cap_uy_co_so", tccs.id!);
    });
  });

  // Party administration: one đảng vụ per TCCS; the bloc's advisory offices are chuyên trách.
  for (const tccs of [...dangBo, ...chiBoCoSo]) {
    const pool = cells.filter((c) => c.path!.startsWith(tccs.path!)).flatMap((c) => membersByCell.get(c.id!)!);
    const candidate = pool.find((p) => !held.has(p)) ?? pool[pool.length - 1]!;
    give(candidate, "dang_vu", tccs.id!);
  }
  for (const m of membersByCell.get(officeCell.id!)!) give(m, "can_bo_chuyen_trach", officeCell.id!);
  for (const p of people) if (!held.has(p.id!)) give(p.id!, "dang_vien", p.unitId);

  await insertChunked(people, 1000, (chunk) => db.insert(person).values(chunk));
  await insertChunked(positions, 2000, (chunk) => db.insert(personPosition).values(chunk));
  await insertChunked(
    people.map((p) => ({ personId: p.id!, unitId: p.unitId, startedAt: new Date("2020-07-01T00:00:00+07:00") })),
    2000,
    (chunk) => db.insert(personMembership).values(chunk),
  );
  // Explicit ids were used: move the sequences past them.
  await db.execute(sql`select setval(pg_get_serial_sequence('unit', 'id'), (select max(id) from unit))`);
  await db.execute(sql`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`);

  return {
    rootId: root.id!,
    dangBoIds: dangBo.map((u) => u.id!),
    chiBoCoSoIds: chiBoCoSo.map((u) => u.id!),
    cellIds: cells.map((u) => u.id!),
    membersByCell,
    officeCellId: officeCell.id!,
  };
}
