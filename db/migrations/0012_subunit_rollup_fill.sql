-- Vietnamese order for unit names in SQL (ADR 014): letters of the Vietnamese alphabet
-- (a ă â b c d đ …) as ordered ASCII codes, then the tones (ngang, huyền, hỏi, ngã, sắc,
-- nặng) as a secondary key. PGlite has no ICU collation; person names use person.sort_key.
CREATE FUNCTION vi_sort_key(label text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT translate(lower(label), 'aAàÀảẢãÃáÁạẠăĂằẰẳẲẵẴắẮặẶâÂầẦẩẨẫẪấẤậẬeEèÈẻẺẽẼéÉẹẸêÊềỀểỂễỄếẾệỆiIìÌỉỈĩĨíÍịỊoOòÒỏỎõÕóÓọỌôÔồỒổỔỗỖốỐộỘơƠờỜởỞỡỠớỚợỢuUùÙủỦũŨúÚụỤưƯừỪửỬữỮứỨựỰyYỳỲỷỶỹỸýÝỵỴbBcCdDđĐgGhHkKlLmMnNpPqQrRsStTvVxXfFjJwWzZ', 'AAAAAAAAAAAABBBBBBBBBBBBCCCCCCCCCCCCHHHHHHHHHHHHIIIIIIIIIIIILLLLLLLLLLLLQQQQQQQQQQQQRRRRRRRRRRRRSSSSSSSSSSSSYYYYYYYYYYYYZZZZZZZZZZZZccccccccccccDDEEFFGGJJKKMMNNOOPPTTUUVVWWXXaabbddeeffgg') || chr(1) || translate(lower(label), 'aAàÀảẢãÃáÁạẠăĂằẰẳẲẵẴắẮặẶâÂầẦẩẨẫẪấẤậẬeEèÈẻẺẽẼéÉẹẸêÊềỀểỂễỄếẾệỆiIìÌỉỈĩĨíÍịỊoOòÒỏỎõÕóÓọỌôÔồỒổỔỗỖốỐộỘơƠờỜởỞỡỠớỚợỢuUùÙủỦũŨúÚụỤưƯừỪửỬữỮứỨựỰyYỳỲỷỶỹỸýÝỵỴbBcCdDđĐgGhHkKlLmMnNpPqQrRsStTvVxXfFjJwWzZ', '001122334455001122334455001122334455001122334455001122334455001122334455001122334455001122334455001122334455001122334455001122334455001122334455')
$$;
--> statement-breakpoint
-- The second roll-up level from the cell rows already there (later writes move it by deltas).
INSERT INTO campaign_subunit_figure (campaign_id, unit_id, position, audience, trained_on_time, trained, online, in_person)
SELECT f.campaign_id, a.id, f.position, sum(f.audience), sum(f.trained_on_time), sum(f.trained), sum(f.online), sum(f.in_person)
FROM campaign_cell_figure f JOIN unit cu ON cu.id = f.cell_id
CROSS JOIN LATERAL unnest((string_to_array(trim(both '/' from cu.path), '/')::int[])[1:cu.depth]) a(id)
GROUP BY f.campaign_id, a.id, f.position;
--> statement-breakpoint
INSERT INTO campaign_subunit_day (campaign_id, unit_id, day, trained)
SELECT d.campaign_id, a.id, d.day, sum(d.trained)
FROM campaign_cell_day d JOIN unit cu ON cu.id = d.cell_id
CROSS JOIN LATERAL unnest((string_to_array(trim(both '/' from cu.path), '/')::int[])[1:cu.depth]) a(id)
GROUP BY d.campaign_id, a.id, d.day;
