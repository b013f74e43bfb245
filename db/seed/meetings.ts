import { sql } from "drizzle-orm";
import { addDays, localDate } from "../../app/utils/dates";
import { EXAMPLE_SHEET } from "../../app/meetings/rules";
import { scoringSheet } from "../schema";
import type { SeedStep } from "../seed-runner";
import type { SeededOrganisation } from "./organisation";

/**
 * The demo's meeting people: `bithu` is the secretary of the bloc's second cell (first đảng bộ);
 * `capuy`, the secretary of the third cell and so a cấp ủy viên of that đảng bộ, is assigned to attend it.
 */
export function meetingsDemo(org: SeededOrganisation) {
  const cellId = org.cellIds[1]!;
  const attendeeCellId = org.cellIds[2]!;
  return {
    cellId,
    secretaryPersonId: org.membersByCell.get(cellId)![0]!,
    attendeeCellId,
    attendeePersonId: org.membersByCell.get(attendeeCellId)![0]!,
    /** A member of the demo cell absent from its last three meetings. */
    atRiskPersonId: org.membersByCell.get(cellId)![3]!,
  };
}

/** "2026-12" → "2025-07": the first day of the month `n` months before. */
function monthsBefore(today: string, n: number) {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

const POSTPONE_REASONS = ["Cơ quan tổ chức hội nghị đột xuất", "Bí thư và phó bí thư đi công tác", "Trùng lịch tiếp đoàn kiểm tra của cấp trên"];
const ABSENCE_REASONS = ["Đi công tác", "Ốm, có giấy của cơ sở y tế", "Nghỉ phép", "Việc gia đình"];
const TOPICS = [
  "Nâng cao chất lượng sinh hoạt chi bộ",
  "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
  "Công tác phát triển đảng viên",
  "Cải cách hành chính tại cơ quan",
  "Thực hành tiết kiệm, chống lãng phí trong cơ quan",
];
// Concrete tasks, and one vague on purpose: the record page's checker flags it (001 §I.2.1).
const TASKS = [
  "Hoàn thành báo cáo sơ kết công tác chuyên môn của tháng, gửi cấp ủy cơ sở",
  "Rà soát hồ sơ đảng viên, cập nhật lý lịch và thu đủ đảng phí của tháng",
  "Tổ chức tọa đàm với đoàn viên thanh niên về nội quy, quy chế làm việc của cơ quan",
  "Kiểm tra việc thực hiện nhiệm vụ được giao ở các tổ công tác và báo cáo tại kỳ sinh hoạt sau",
  "Chuẩn bị nội dung sinh hoạt chuyên đề, gửi dự thảo đến đảng viên trước một ngày",
  "Tiếp tục thực hiện tốt nhiệm vụ chính trị được giao",
];

function textArray(values: string[]) {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * 18 months of meetings for every cell of the bloc up to today, generated in SQL: schedules, held
 * meetings (some postponed first, a few never recorded), a thematic meeting in most quarters,
 * attendance per member, two tasks per regular meeting, assignments of cấp ủy viên and staff,
 * filed visits with scores on about a quarter of the meetings, self-assessments on half of the
 * others, and a few members absent from their cell's last three meetings.
 * The demo cell's meeting of this month is left for `bithu` to record and `capuy` to score.
 */
export const seedMeetings: SeedStep = async (tx, { org }) => {
  const demo = meetingsDemo(org);
  const today = localDate(new Date());
  const start = monthsBefore(today, 17);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const nextMonth = monthsBefore(today, -1);
  // Assignments run to the end of the year, or of the next one from October on (so the next meetings stay covered).
  const endOfYear = `${Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 10 ? 1 : 0)}-12-31`;
  // The demo cell meets a day before today (the 1st at the earliest), so this month's meeting is due.
  const demoDay = Math.min(28, Math.max(1, Number(today.slice(8, 10)) - 1));

  const [sheet] = await tx
    .insert(scoringSheet)
    .values({ unitId: org.rootId, version: 1, isExample: true, ...EXAMPLE_SHEET })
    .returning({ id: scoringSheet.id });

  await tx.execute(sql`
    insert into meeting_schedule (cell_id, day_of_month, starts_at, place, valid_from)
    select u.id, case when u.id = ${demo.cellId} then ${demoDay} else 1 + (u.id * 7) % 25 end,
      (array['07:30', '14:00', '16:00'])[1 + u.id % 3], 'Phòng họp cơ quan', ${start}::date
    from unit u where u.kind in ('chi_bo', 'chi_bo_co_so')`);

  // Expected dates of the 18 months and the next one, each with a stable pseudo-random draw h in 0–999.
  await tx.execute(sql`
    create temporary table seed_expected on commit drop as
    select s.cell_id, e.d, abs(hashtext(s.cell_id || ':' || e.d)) % 1000 as h
    from meeting_schedule s
    cross join generate_series(${start}::date, ${nextMonth}::date, interval '1 month') as mo(m)
    cross join lateral (select make_date(extract(year from mo.m)::int, extract(month from mo.m)::int,
      least(s.day_of_month, extract(day from mo.m + interval '1 month' - interval '1 day')::int)) as d) e`);

  // Held regular meetings: 4% postponed a week first, 1.5% never recorded; this month's demo meeting left open.
  await tx.execute(sql`
    insert into meeting (cell_id, scheduled_on, held_on, kind, status, postpone_reason, postponed_to, summary, minutes_adopted, recorded_at)
    select cell_id, d, held, 'thuong_ky', 'held',
      case when h < 40 then (${textArray(POSTPONE_REASONS)})[1 + h % 3] end, case when h < 40 then d + 7 end,
      'Chi bộ đánh giá kết quả lãnh đạo thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng tháng ' || to_char(d, 'MM/YYYY')
        || '; đảng viên thảo luận, tự phê bình và phê bình; chi bộ thống nhất nhiệm vụ tháng tới và phân công đảng viên thực hiện.',
      h % 37 <> 0, (held + 1)::timestamptz
    from (select cell_id, d, h, case when h < 40 then d + 7 else d end as held from seed_expected) x
    where h >= 15 and held < ${today}::date and not (cell_id = ${demo.cellId} and d >= ${thisMonth}::date)`);
  // Postponements not yet held: what the attendees see coming.
  await tx.execute(sql`
    insert into meeting (cell_id, scheduled_on, kind, status, postpone_reason, postponed_to, recorded_at)
    select cell_id, d, 'thuong_ky', 'postponed', (${textArray(POSTPONE_REASONS)})[1 + h % 3], d + 7, now()
    from seed_expected where h < 40 and d + 7 >= ${today}::date and d >= ${addDays(today, -7)}::date and cell_id <> ${demo.cellId}`);
  // A thematic meeting with the regular one of a quarter's last month, in 92% of quarters.
  await tx.execute(sql`
    insert into meeting (cell_id, scheduled_on, held_on, kind, topic, status, summary, minutes_adopted, recorded_at)
    select m.cell_id, m.scheduled_on, m.held_on, 'chuyen_de', (${textArray(TOPICS)})[1 + (m.cell_id + extract(month from m.held_on)::int) % 5], 'held',
      'Chi bộ sinh hoạt chuyên đề: báo cáo đề dẫn, đảng viên thảo luận, liên hệ thực tế cơ quan; chi bộ kết luận và giao nhiệm vụ.', true, m.recorded_at
    from meeting m
    where m.kind = 'thuong_ky' and m.status = 'held' and extract(month from m.scheduled_on)::int % 3 = 0
      and abs(hashtext('cd:' || m.id)) % 100 >= 8`);

  await tx.execute(sql`analyze meeting`);
  // Attendance: 93% present, 5.5% excused, 1.5% unexcused.
  await tx.execute(sql`
    insert into meeting_attendance (meeting_id, person_id, held_on, status, reason)
    select m.id, p.id, m.held_on,
      case when x.h < 930 then 'present' when x.h < 985 then 'excused' else 'unexcused' end,
      case when x.h >= 930 and x.h < 985 then (${textArray(ABSENCE_REASONS)})[1 + x.h % 4] end
    from meeting m
    join person p on p.unit_id = m.cell_id and p.active
    cross join lateral (select abs(hashtext(m.id || ':' || p.id)) % 1000 as h) x
    where m.status = 'held'`);
  // A few members (and one of the demo cell) absent from their cell's last three meetings, present at the one before.
  await tx.execute(sql`
    update meeting_attendance a
    set status = case when r.rn = 4 then 'present' when r.rn = 1 then 'unexcused' else 'excused' end,
      reason = case when r.rn between 2 and 3 then 'Đi công tác dài ngày' end
    from (
      select meeting_id, person_id, row_number() over (partition by person_id order by held_on desc, meeting_id desc) as rn
      from meeting_attendance where person_id % 613 = 7 or person_id = ${demo.atRiskPersonId}
    ) r
    where a.meeting_id = r.meeting_id and a.person_id = r.person_id and r.rn <= 4`);

  // Two tasks per regular meeting, owners drawn from the cell's members (one array per cell, not a sort per task).
  await tx.execute(sql`
    insert into resolution_task (meeting_id, position, task, owner_person_id, deadline_on)
    select m.id, t.n, (${textArray(TASKS)})[1 + abs(hashtext(m.id || ':' || t.n)) % 6],
      c.members[1 + abs(hashtext(m.id || ':o' || t.n)) % cardinality(c.members)], m.held_on + 20
    from meeting m
    join (select unit_id, array_agg(id order by id) as members from person group by unit_id) c on c.unit_id = m.cell_id
    cross join generate_series(1, 2) as t(n)
    where m.status = 'held' and m.kind = 'thuong_ky'`);

  // Assignments: each đảng bộ cơ sở's cấp ủy viên to its chi bộ; the bloc's staff to the chi bộ cơ sở.
  await tx.execute(sql`
    insert into visit_assignment (attendee_person_id, cell_id, assigned_by_unit_id, starts_on, ends_on)
    values (${demo.attendeePersonId}, ${demo.cellId}, (select parent_id from unit where id = ${demo.attendeeCellId}), ${start}::date, ${endOfYear}::date)`);
  await tx.execute(sql`
    insert into visit_assignment (attendee_person_id, cell_id, assigned_by_unit_id, starts_on, ends_on)
    select a.person_id, c.id, t.id, ${start}::date, ${endOfYear}::date
    from unit t
    join unit c on c.path like t.path || '%' and c.kind = 'chi_bo' and c.id <> ${demo.cellId}
    cross join lateral (
      select pp.person_id from person_position pp join person p on p.id = pp.person_id
      where pp.unit_id = t.id and pp.position = 'cap_uy_vien_co_so' and p.unit_id <> c.id
      order by abs(hashtext(pp.person_id || ':' || c.id)) limit 1
    ) a
    where t.kind = 'dang_bo_co_so'
    union all
    select a.person_id, c.id, c.parent_id, ${start}::date, ${endOfYear}::date
    from unit c
    cross join lateral (
      select pp.person_id from person_position pp join person p on p.id = pp.person_id
      where pp.position = 'can_bo_chuyen_trach' and p.unit_id <> c.id
      order by abs(hashtext(pp.person_id || ':' || c.id)) limit 1
    ) a
    where c.kind = 'chi_bo_co_so'`);

  // Filed visits on a quarter of the regular meetings, scored on the example sheet.
  await tx.execute(sql`
    insert into visit (meeting_id, attendee_person_id, assignment_id, situation, conduct, discussed, reported_up, assessment, filed_at)
    select m.id, va.attendee_person_id, va.id,
      'Cơ quan hoàn thành các nhiệm vụ chuyên môn trong tháng; chi bộ duy trì nền nếp sinh hoạt.',
      'Chi bộ sinh hoạt đúng lịch đã đăng ký; bí thư chủ trì, có thư ký ghi biên bản.',
      'Trao đổi về việc phân công nhiệm vụ cụ thể cho đảng viên và theo dõi kết quả thực hiện nghị quyết.',
      'Kiến nghị của chi bộ về tài liệu sinh hoạt chuyên đề đã báo cáo cấp ủy cơ sở.',
      'Buổi sinh hoạt chuẩn bị chu đáo, đảng viên tham gia ý kiến; cần cụ thể hơn nhiệm vụ giao cho từng đảng viên.',
      (m.held_on + 2)::timestamptz
    from meeting m
    join visit_assignment va on va.cell_id = m.cell_id and m.held_on between va.starts_on and va.ends_on
    where m.status = 'held' and m.kind = 'thuong_ky' and abs(hashtext('v:' || m.id)) % 100 < 25`);
  await tx.execute(sql`
    insert into visit_score (visit_id, sheet_id, points, total, rating, remarks)
    select v.id, ${sheet!.id}, s.points, s.total,
      case when s.total >= 90 then 'tot' when s.total >= 70 then 'kha' when s.total >= 50 then 'trung_binh' else 'kem' end,
      case when s.total >= 90 then 'Chi bộ sinh hoạt nền nếp, nội dung sát thực tế cơ quan.' else 'Nghị quyết cần giao việc cụ thể, có thời hạn; đảng viên trẻ cần phát biểu nhiều hơn.' end
    from visit v
    cross join lateral (
      select jsonb_object_agg(k, p) as points, sum(p) as total
      from (
        select k, (case when h < 6 then 20 when h < 8 then 18 when h < 9 then 16 else 13 end)::numeric as p
        from unnest(array['attendance', 'preparation', 'conduct', 'principles', 'results']) as k
        cross join lateral (select abs(hashtext(v.id || ':' || k)) % 10 as h) x
      ) c
    ) s`);
  await tx.execute(sql`
    insert into meeting_self_assessment (meeting_id, rating, remarks)
    select m.id, case when abs(hashtext('s:' || m.id)) % 10 < 8 then 'tot' else 'kha' end, 'Chi bộ tự đánh giá theo phiếu chấm điểm.'
    from meeting m
    where m.status = 'held' and m.kind = 'thuong_ky' and abs(hashtext('a:' || m.id)) % 2 = 0
      and not exists (select 1 from visit v where v.meeting_id = m.id)`);
  await seedAnnualRatings(tx, Number(today.slice(0, 4)));
  await tx.execute(
    sql`analyze meeting_schedule, meeting, meeting_attendance, resolution_task, visit_assignment, visit, visit_score, meeting_self_assessment, annual_rating`,
  );
};

/**
 * Annual ratings (001 §II.1.2(5)) of the two years before this one, as imported from the offices'
 * lists: every open cell and its active members the year before last; last year a tenth of the
 * cells (and their members) not rated yet, for the rating page to show. Mostly "hoàn thành tốt"
 * or better, a few cells and members below, so the figures are near the Đề án's marks.
 */
async function seedAnnualRatings(tx: Parameters<SeedStep>[0], thisYear: number) {
  const years = sql`(values (${thisYear - 2}::int), (${thisYear - 1}::int)) as yr(y)`;
  const rated = sql`u.kind in ('chi_bo', 'chi_bo_co_so') and u.closed_at is null and not (yr.y = ${thisYear - 1} and abs(hashtext('ar-skip:' || u.id)) % 10 = 0)`;
  await tx.execute(sql`
    insert into annual_rating (year, cell_id, rating, source)
    select yr.y, u.id, case when x.h < 20 then 'xuat_sac' when x.h < 97 then 'tot' when x.h < 99 then 'hoan_thanh' else 'khong_hoan_thanh' end, 'import'
    from unit u cross join ${years} cross join lateral (select abs(hashtext('ar:' || u.id || ':' || yr.y)) % 100 as h) x
    where ${rated}`);
  await tx.execute(sql`
    insert into annual_rating (year, person_id, rating, source)
    select yr.y, p.id, case when x.h < 15 then 'xuat_sac' when x.h < 93 then 'tot' when x.h < 99 then 'hoan_thanh' else 'khong_hoan_thanh' end, 'import'
    from person p join unit u on u.id = p.unit_id cross join ${years} cross join lateral (select abs(hashtext('ar:p' || p.id || ':' || yr.y)) % 100 as h) x
    where p.active and ${rated}`);
}
