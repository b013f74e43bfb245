/** A labelled progress bar (the label is read by screen readers and shown as text). */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress-block">
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-label small muted">
        {label} ({percent}%)
      </p>
    </div>
  );
}
