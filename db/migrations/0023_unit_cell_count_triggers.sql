-- unit_cell_count (db/schema/org.ts) kept by statement triggers on unit: every statement that
-- inserts, moves, closes, reopens or deletes units adds its rows' new cells and subtracts their old
-- ones on every unit of their paths (themselves included). One aggregate per statement, so a bulk
-- insert of 300,000 units costs one pass.
-- The unit ids of a path ("/1/5/23/"); a writer's provisional path (not ids yet) names none.
CREATE FUNCTION unit_path_ids(path text) RETURNS SETOF int LANGUAGE sql IMMUTABLE AS $$
  SELECT x::int FROM unnest(string_to_array(trim(both '/' from path), '/')) x WHERE x ~ '^[0-9]{1,9}$'
$$;
--> statement-breakpoint
CREATE FUNCTION unit_cell_count_add(delta jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO unit_cell_count AS t (unit_id, open_cells, all_cells)
    SELECT a.id, sum((d->>'o')::int), sum((d->>'a')::int)
    FROM jsonb_array_elements(delta) d CROSS JOIN LATERAL unit_path_ids(d->>'p') a(id)
    GROUP BY a.id
    HAVING sum((d->>'o')::int) <> 0 OR sum((d->>'a')::int) <> 0
  ON CONFLICT (unit_id) DO UPDATE SET open_cells = t.open_cells + excluded.open_cells, all_cells = t.all_cells + excluded.all_cells;
  -- A unit left with no cell below has no row (as the backfill would give).
  DELETE FROM unit_cell_count WHERE all_cells = 0 AND unit_id IN (
    SELECT a.id FROM jsonb_array_elements(delta) d CROSS JOIN LATERAL unit_path_ids(d->>'p') a(id) WHERE (d->>'a')::int < 0);
$$;
--> statement-breakpoint
CREATE FUNCTION unit_cell_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch reads only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    PERFORM unit_cell_count_add(coalesce((SELECT jsonb_agg(jsonb_build_object('p', path, 'o', (closed_at IS NULL)::int, 'a', 1))
      FROM new_units WHERE kind IN ('chi_bo', 'chi_bo_co_so')), '[]'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM unit_cell_count_add(coalesce((SELECT jsonb_agg(jsonb_build_object('p', path, 'o', -(closed_at IS NULL)::int, 'a', -1))
      FROM old_units WHERE kind IN ('chi_bo', 'chi_bo_co_so')), '[]'));
  ELSE
    PERFORM unit_cell_count_add(coalesce((SELECT jsonb_agg(x) FROM (
      SELECT jsonb_build_object('p', n.path, 'o', (n.closed_at IS NULL)::int, 'a', 1) AS x FROM new_units n
        JOIN old_units o ON o.id = n.id
        WHERE n.kind IN ('chi_bo', 'chi_bo_co_so') AND (n.path, n.closed_at IS NULL) IS DISTINCT FROM (o.path, o.closed_at IS NULL)
      UNION ALL
      SELECT jsonb_build_object('p', o.path, 'o', -(o.closed_at IS NULL)::int, 'a', -1) FROM old_units o
        JOIN new_units n ON n.id = o.id
        WHERE o.kind IN ('chi_bo', 'chi_bo_co_so') AND (n.path, n.closed_at IS NULL) IS DISTINCT FROM (o.path, o.closed_at IS NULL)
    ) changed), '[]'));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER unit_cell_count_insert AFTER INSERT ON unit REFERENCING NEW TABLE AS new_units
  FOR EACH STATEMENT EXECUTE FUNCTION unit_cell_count_apply();
--> statement-breakpoint
CREATE TRIGGER unit_cell_count_update AFTER UPDATE ON unit REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
  FOR EACH STATEMENT EXECUTE FUNCTION unit_cell_count_apply();
--> statement-breakpoint
CREATE TRIGGER unit_cell_count_delete AFTER DELETE ON unit REFERENCING OLD TABLE AS old_units
  FOR EACH STATEMENT EXECUTE FUNCTION unit_cell_count_apply();
--> statement-breakpoint
INSERT INTO unit_cell_count (unit_id, open_cells, all_cells)
SELECT a.id, sum((u.closed_at IS NULL)::int), count(*)
FROM unit u CROSS JOIN LATERAL unit_path_ids(u.path) a(id)
WHERE u.kind IN ('chi_bo', 'chi_bo_co_so')
GROUP BY a.id;
