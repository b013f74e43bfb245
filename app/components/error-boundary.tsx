import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: "Yêu cầu không hợp lệ", text: "Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại." },
  403: { title: "Không có quyền truy cập", text: "Tài khoản của đồng chí không có quyền xem trang này." },
  404: { title: "Không tìm thấy trang", text: "Trang đồng chí tìm không tồn tại hoặc đã được chuyển đi." },
  405: { title: "Thao tác không được hỗ trợ", text: "Trang này không nhận thao tác vừa gửi." },
};

function messageOf(payload: unknown): string | null {
  if (payload && typeof payload === "object" && "message" in payload && typeof payload.message === "string") {
    return payload.message;
  }
  return typeof payload === "string" && payload.length < 300 ? payload : null;
}

/** One error view for every route: Vietnamese messages per HTTP status. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let title = "Đã xảy ra lỗi";
  let text = "Hệ thống gặp sự cố ngoài ý muốn. Vui lòng thử lại sau ít phút.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const known = MESSAGES[status];
    if (known) ({ title, text } = known);
    text = messageOf(error.data) ?? text;
  } else if (typeof console !== "undefined") {
    console.error(error);
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">Lỗi {status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/">Về trang chủ</Link>
      </p>
    </section>
  );
}
