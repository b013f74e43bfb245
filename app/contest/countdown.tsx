import { useEffect, useState } from "react";

/** Time left until `deadline`, corrected for the gap between the browser's and the server's clocks. */
export function Countdown({ deadline, serverNow }: { deadline: string; serverNow: string }) {
  const [left, setLeft] = useState(() => new Date(deadline).getTime() - new Date(serverNow).getTime());
  useEffect(() => {
    const skew = new Date(serverNow).getTime() - Date.now();
    const timer = setInterval(() => setLeft(new Date(deadline).getTime() - (Date.now() + skew)), 1000);
    return () => clearInterval(timer);
  }, [deadline, serverNow]);
  const seconds = Math.max(0, Math.floor(left / 1000));
  const text = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
  return (
    <p className="countdown" role="timer" aria-live="off">
      Thời gian còn lại: <strong>{text}</strong>
    </p>
  );
}
