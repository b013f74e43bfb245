-- The cells missing a target (ADR 020), from the cell rows already there: the cell rows' flag,
-- its sums on the second level, and the ordered list's rows (later writes keep all three).
UPDATE meeting_cell_period SET at_risk = 1 WHERE regime_ok = 0 OR unexcused > 0 OR attendance_ok < held;
--> statement-breakpoint
UPDATE meeting_subunit_period s SET at_risk = x.n
FROM (
  SELECT a.id, c.period_kind, c.period_start, count(*)::int AS n
  FROM meeting_cell_period c JOIN unit cu ON cu.id = c.cell_id
  CROSS JOIN LATERAL unnest((string_to_array(trim(both '/' from cu.path), '/')::int[])[1:cu.depth]) a(id)
  WHERE c.at_risk = 1
  GROUP BY a.id, c.period_kind, c.period_start
) x
WHERE s.unit_id = x.id AND s.period_kind = x.period_kind AND s.period_start = x.period_start;
--> statement-breakpoint
INSERT INTO meeting_cell_at_risk (cell_id, period_kind, period_start, regime_ok, held, unexcused, sort_key)
SELECT c.cell_id, c.period_kind, c.period_start, c.regime_ok, c.held, c.unexcused, u.sort_key
FROM meeting_cell_period c JOIN unit u ON u.id = c.cell_id
WHERE c.at_risk = 1;
