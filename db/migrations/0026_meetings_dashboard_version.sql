CREATE TABLE "meeting_dashboard_version" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- The write lock of the trees holding the given paths (app/org/tree-lock.server.ts). The meetings
-- roll-up's refreshes hold it while they write (app/meetings/figures-rollup.server.ts: 40415/0
-- shared, which a rebuild takes exclusive; 40416/root, one writer per tree, in id order). A refresh
-- adds rows that reference units and people (their foreign keys lock them KEY SHARE), and the
-- triggers below take the lock after their statement's row locks: so the writers of units and
-- people take it before they lock a row. Taken first by everyone, no two writers wait for each other.
CREATE FUNCTION unit_tree_lock(paths text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(40415, 0);
  PERFORM pg_advisory_xact_lock(40416, r.id)
    FROM (SELECT DISTINCT split_part(p, '/', 2)::int AS id FROM unnest(paths) p WHERE split_part(p, '/', 2) ~ '^[0-9]{1,9}$') r
    ORDER BY r.id;
END;
$$;
--> statement-breakpoint
-- Bumps the dashboard version of the units on the given paths, each with its ancestors, under the
-- trees' locks (bumps in a tree are serialized with its refreshes).
CREATE FUNCTION meeting_dashboard_bump(paths text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(paths), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM unit_tree_lock(paths);
  INSERT INTO meeting_dashboard_version AS t (unit_id, version)
    SELECT s.id, 1 FROM (SELECT DISTINCT a.id FROM unnest(paths) p CROSS JOIN LATERAL unit_path_ids(p) a(id)) s ORDER BY s.id
  ON CONFLICT (unit_id) DO UPDATE SET version = t.version + 1;
END;
$$;
--> statement-breakpoint
-- The sort keys' copies (0025) are rows a refresh writes too: the tree's locks first (the row
-- triggers fire before the statement triggers that bump the versions).
CREATE OR REPLACE FUNCTION meeting_absence_run_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'unit' THEN
    PERFORM unit_tree_lock(ARRAY[NEW.path]);
    UPDATE meeting_absence_run SET cell_sort_key = NEW.sort_key WHERE cell_id = NEW.id;
  ELSE
    PERFORM unit_tree_lock(ARRAY(SELECT path FROM unit WHERE id = NEW.unit_id));
    UPDATE meeting_absence_run SET person_sort_key = NEW.sort_key WHERE person_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- What the dashboards show of units: names and their order, kinds, closing, the tree's shape.
CREATE FUNCTION meeting_dashboard_unit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM meeting_dashboard_bump(ARRAY(SELECT path FROM new_units));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM meeting_dashboard_bump(ARRAY(SELECT path FROM old_units));
  ELSE
    PERFORM meeting_dashboard_bump(ARRAY(
      SELECT v.p FROM old_units o JOIN new_units n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.path), (n.path)) v(p)
      WHERE (o.name, o.sort_key, o.kind, o.closed_at, o.parent_id, o.path) IS DISTINCT FROM (n.name, n.sort_key, n.kind, n.closed_at, n.parent_id, n.path)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_dashboard_unit_insert AFTER INSERT ON unit REFERENCING NEW TABLE AS new_units
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_dashboard_unit_changed();
--> statement-breakpoint
CREATE TRIGGER meeting_dashboard_unit_update AFTER UPDATE ON unit REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_dashboard_unit_changed();
--> statement-breakpoint
CREATE TRIGGER meeting_dashboard_unit_delete AFTER DELETE ON unit REFERENCING OLD TABLE AS old_units
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_dashboard_unit_changed();
--> statement-breakpoint
-- What they show of members: the names and codes in the list of members at risk, and their cell.
CREATE FUNCTION meeting_dashboard_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM meeting_dashboard_bump(ARRAY(SELECT DISTINCT u.path FROM old_people o JOIN unit u ON u.id = o.unit_id));
  ELSE
    PERFORM meeting_dashboard_bump(ARRAY(
      SELECT DISTINCT u.path FROM old_people o JOIN new_people n ON n.id = o.id JOIN unit u ON u.id IN (o.unit_id, n.unit_id)
      WHERE (o.family_name, o.middle_name, o.given_name, o.member_code, o.sort_key, o.unit_id)
        IS DISTINCT FROM (n.family_name, n.middle_name, n.given_name, n.member_code, n.sort_key, n.unit_id)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_dashboard_person_update AFTER UPDATE ON person REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_dashboard_person_changed();
--> statement-breakpoint
CREATE TRIGGER meeting_dashboard_person_delete AFTER DELETE ON person REFERENCING OLD TABLE AS old_people
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_dashboard_person_changed();
