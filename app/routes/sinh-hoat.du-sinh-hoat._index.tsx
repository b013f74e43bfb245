import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden, requirePermission } from "~/auth/permissions.server";
import { TableWrap } from "~/completion/figure-parts";
import { localDate } from "~/utils/dates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { day, kindLabel, meetingHref, RatingBadge } from "~/meetings/components";
import { attendeeOverview } from "~/meetings/visits.server";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "meetings.view");
  if (user.personId === null) forbidden("Tài khoản chưa gắn với hồ sơ đảng viên nên không được phân công dự sinh hoạt.");
  const today = localDate(new Date());
  return { today, ...(await attendeeOverview({ personId: user.personId, today })) };
}

export default function AttendeePage() {
  const { today, cells, otherVisits } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <p>
        <Link to="/sinh-hoat">‹ Sinh hoạt chi bộ</Link>
      </p>
      <h1>Đi dự sinh hoạt chi bộ</h1>
      <p className="small muted">
        Căn cứ lịch sinh hoạt của các chi bộ, đồng chí chủ động đi dự sinh hoạt với chi bộ được phân công, không thông báo trước cho chi bộ (Đề án 01-ĐA/ĐUK,
        mục III.2(2)). Sau buổi sinh hoạt, đồng chí chấm điểm, quyết định xếp loại và báo cáo kết quả (mục III.4(2)–(3)). Chi bộ chỉ thấy xếp loại và nhận xét
        khi đồng chí đã gửi báo cáo.
      </p>
      {cells.length === 0 ? <p className="muted">Đồng chí chưa được phân công dự sinh hoạt chi bộ nào.</p> : null}
      {cells.map((c) => (
        <section key={c.id} className="card stack">
          <h2>{c.cellName}</h2>
          <p className="small muted">
            Phân công từ {day(c.startsOn)} đến {day(c.endsOn)}
            {c.endsOn < today ? " (đã hết hạn)" : ""}.
          </p>
          {c.meetings.length ? (
            <TableWrap label={`Lịch sinh hoạt ${c.cellName}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Kỳ theo lịch</th>
                    <th scope="col">Giờ, địa điểm</th>
                    <th scope="col">Báo hoãn</th>
                    <th scope="col">Dự, chấm điểm</th>
                  </tr>
                </thead>
                <tbody>
                  {c.meetings.map((m) => (
                    <tr key={m.date}>
                      <th scope="row">{day(m.date)}</th>
                      <td>
                        {m.startsAt}, {m.place}
                      </td>
                      <td>
                        {m.postponed ? (
                          <>
                            Hoãn đến <strong>{day(m.postponed.postponedTo)}</strong>: {m.postponed.reason}
                          </>
                        ) : (
                          ""
                        )}
                      </td>
                      <td>
                        {m.visit ? (
                          <>
                            {m.visit.filed ? "Đã gửi báo cáo" : "Bản nháp"} <RatingBadge rating={m.visit.rating} />{" "}
                            <Link to={meetingHref(`/sinh-hoat/du-sinh-hoat/${c.cellId}`, m.date)}>Xem, sửa</Link>
                          </>
                        ) : m.due ? (
                          <Link to={meetingHref(`/sinh-hoat/du-sinh-hoat/${c.cellId}`, m.date)}>Ghi kết quả dự</Link>
                        ) : (
                          <span className="muted">Sắp tới</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p className="muted">Chi bộ chưa đăng ký lịch sinh hoạt trong thời gian được phân công.</p>
          )}
        </section>
      ))}
      {otherVisits.length ? (
        <>
          <h2>Các buổi sinh hoạt chuyên đề đã dự</h2>
          <ul className="plain-list">
            {otherVisits.map((v) => (
              <li key={`${v.cellId}:${v.scheduledOn}`}>
                <Link to={meetingHref(`/sinh-hoat/du-sinh-hoat/${v.cellId}`, v.scheduledOn, v.kind)}>
                  {kindLabel(v.kind)} {day(v.scheduledOn)}
                </Link>{" "}
                <RatingBadge rating={v.rating} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => pageMeta("Đi dự sinh hoạt chi bộ", "Lịch sinh hoạt của các chi bộ đồng chí được phân công dự.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
