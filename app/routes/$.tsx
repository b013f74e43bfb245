import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/auth/permissions.server";

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export const meta: MetaFunction = () => [{ title: "Không tìm thấy trang · Bí thư chi bộ giỏi" }];
export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
