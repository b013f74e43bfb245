import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { answerField } from "./answer-form";
import { useAnswerSaver } from "./answer-saver";
import type { PublicQuestion } from "./grading";

/**
 * One question as a fieldset of radios (single, true/false) or checkboxes (multiple). With
 * JavaScript each change is saved at once through the autosave endpoint (answer-saver.ts);
 * saves of one question are kept in order, different questions save in parallel.
 */
export function QuestionFieldset(props: {
  attemptId: number;
  question: PublicQuestion;
  number: number;
  initial: string[];
  onSaved: (questionId: string, savedAt: string, hasAnswer: boolean) => void;
  onError: (message: string) => void;
}) {
  const { question: q, onSaved, onError } = props;
  const save = useAnswerSaver(props.attemptId);
  const [saving, setSaving] = useState(0);
  const multiple = q.type === "multiple";
  const field = answerField(q.id);

  return (
    <fieldset
      className="quiz-question"
      id={`cau-${props.number}`}
      onChange={(event) => {
        const checked = [...event.currentTarget.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
        setSaving((n) => n + 1);
        void save(q.id, checked).then((reply) => {
          setSaving((n) => n - 1);
          if (reply.ok) onSaved(q.id, reply.savedAt, checked.length > 0);
          else onError(reply.message);
        });
      }}
    >
      <legend>
        <span className="quiz-number">Câu {props.number}.</span> {q.stem}
        {multiple && !/chọn/i.test(q.stem) ? <span className="quiz-hint"> (chọn tất cả các ý đúng)</span> : null}
      </legend>
      <input type="hidden" name="shown" value={q.id} />
      <div className="quiz-options">
        {q.options.map((o) => (
          <label key={o.id} className="quiz-option">
            <input type={multiple ? "checkbox" : "radio"} name={field} value={o.id} defaultChecked={props.initial.includes(o.id)} />
            <span>{o.text}</span>
          </label>
        ))}
      </div>
      {saving > 0 ? <span className="quiz-saving small muted">Đang lưu…</span> : null}
    </fieldset>
  );
}

function mmss(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/**
 * The time left, from the server's clock (the browser's may be wrong). When it reaches zero
 * the form is submitted; the server enforces the deadline either way.
 */
export function Countdown(props: { deadline: string; serverNow: string; formId: string }) {
  const submit = useSubmit();
  const [left, setLeft] = useState<number | null>(null);
  const fired = useRef(false);
  useEffect(() => {
    const skew = new Date(props.serverNow).getTime() - Date.now();
    const deadline = new Date(props.deadline).getTime();
    function tick() {
      const remaining = deadline - (Date.now() + skew);
      setLeft(remaining);
      if (remaining <= 0 && !fired.current) {
        fired.current = true;
        const form = document.getElementById(props.formId);
        if (form instanceof HTMLFormElement) {
          const body = new FormData(form);
          body.set("intent", "submit");
          submit(body, { method: "post" });
        }
      }
    }
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [props.deadline, props.serverNow, props.formId, submit]);
  if (left === null) return null;
  const urgent = left < 5 * 60 * 1000;
  return (
    <span className={urgent ? "quiz-countdown quiz-countdown-urgent" : "quiz-countdown"} role="timer" aria-live="off">
      Còn lại <strong>{mmss(left)}</strong>
    </span>
  );
}
