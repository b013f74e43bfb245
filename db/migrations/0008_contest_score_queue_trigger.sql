-- Every change of a contest knowledge-round attempt's score (hand-in, grading at expiry, override,
-- regrade) queues the attempt for the standings, whatever code path made it.
CREATE FUNCTION contest_score_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contest_score_queue (round_id, user_id)
  SELECT r.id, NEW.user_id FROM contest_round r WHERE r.id = substring(NEW.quiz_key FROM 15)::int
  ON CONFLICT (round_id, user_id) DO UPDATE SET queued_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER quiz_attempt_contest_score AFTER UPDATE OF status, score ON quiz_attempt
  FOR EACH ROW
  WHEN (NEW.quiz_key LIKE 'contest-round:%' AND NEW.status = 'submitted'
    AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.score IS DISTINCT FROM NEW.score))
  EXECUTE FUNCTION contest_score_enqueue();
