import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/auth/permissions.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => pageMeta("Không tìm thấy trang", "Trang đồng chí tìm không có hoặc đã được chuyển đi.");
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
